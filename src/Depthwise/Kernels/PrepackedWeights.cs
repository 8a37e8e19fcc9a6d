using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

/// <summary>
/// Convolution weights packed once into GEMM panel order (<see cref="PointwiseConvKernel.PackWeights"/>), in a pinned,
/// 64-byte aligned buffer that every later call reads without copying or pinning cost. Immutable once built.
/// </summary>
internal sealed unsafe class PrepackedWeights
{
    private readonly float[] _buffer;
    private readonly int _offset;
    private readonly int _length;

    /// <summary>Packs <paramref name="weights"/>.</summary>
    /// <param name="weights">(Cout, depth/g) row-major.</param>
    /// <param name="depthPerGroup">Shared dimension per group.</param>
    /// <param name="outputChannelsPerGroup">Cout/g.</param>
    /// <param name="groups">g.</param>
    public PrepackedWeights(ReadOnlySpan<float> weights, int depthPerGroup, int outputChannelsPerGroup, int groups)
    {
        _length = checked((int)PointwiseConvKernel.PackedWeightsLength(depthPerGroup, outputChannelsPerGroup, groups));

        // The pinned object heap never moves the array, so the aligned offset found now stays valid.
        _buffer = GC.AllocateUninitializedArray<float>(_length + 16, pinned: true);
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        _offset = (int)((64 - (address & 63)) & 63) / sizeof(float);
        fixed (float* buffer = _buffer)
        {
            PointwiseConvKernel.PackWeights(weights, depthPerGroup, outputChannelsPerGroup, groups, buffer + _offset);
        }
    }

    /// <summary>The packed weights.</summary>
    public ReadOnlySpan<float> Span => _buffer.AsSpan(_offset, _length);

    /// <summary>Whether weights of this size can be packed (the packed form pads each group's Cout/g to whole vectors).</summary>
    /// <param name="depthPerGroup">Shared dimension per group.</param>
    /// <param name="outputChannelsPerGroup">Cout/g.</param>
    /// <param name="groups">g.</param>
    /// <returns>True when the packed length fits an array.</returns>
    public static bool Fits(int depthPerGroup, int outputChannelsPerGroup, int groups) =>
        PointwiseConvKernel.PackedWeightsLength(depthPerGroup, outputChannelsPerGroup, groups) <= Array.MaxLength - 16;
}
