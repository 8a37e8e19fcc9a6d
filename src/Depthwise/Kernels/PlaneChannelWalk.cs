using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// Follows the output channels of an NCHW depthwise call one by one for the flat-plane kernels: output channel
/// c·M + m reads input plane c, and its packed weights (blocks, taps, lanes) are lane c % lanes of block c / lanes — both
/// advanced by counting, without a division per channel.
/// </summary>
internal unsafe struct PlaneChannelWalk
{
    private readonly nint _inputPlane;
    private readonly float* _weights;
    private readonly int _weightLanes;
    private readonly int _depthMultiplier;
    private readonly int _taps;
    private int _multiple;
    private int _block;
    private int _lane;

    /// <summary>Starts at <paramref name="firstChannel"/>.</summary>
    /// <param name="input">Where input plane 0 starts (the kernels may point it before the plane, at a padded origin).</param>
    /// <param name="inputPlane">Floats per input plane.</param>
    /// <param name="weights">Packed weights.</param>
    /// <param name="weightLanes">Lanes of a packed weight block.</param>
    /// <param name="firstChannel">First output channel.</param>
    /// <param name="depthMultiplier">Output channels per input channel (M).</param>
    /// <param name="taps">Taps per channel (kH·kW): 9 for the 3×3 kernels, 25 for 5×5.</param>
    public PlaneChannelWalk(float* input, nint inputPlane, float* weights, int weightLanes, int firstChannel, int depthMultiplier, int taps = 9)
    {
        _inputPlane = inputPlane;
        _weights = weights;
        _weightLanes = weightLanes;
        _depthMultiplier = depthMultiplier;
        _taps = taps;
        _multiple = firstChannel % depthMultiplier;
        _block = firstChannel / weightLanes;
        _lane = firstChannel % weightLanes;
        Plane = input + ((firstChannel / depthMultiplier) * inputPlane);
    }

    /// <summary>The current channel's input plane (at the origin the caller chose).</summary>
    public float* Plane { get; private set; }

    /// <summary>The current channel's bias and nine weights (3×3), each broadcast to every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly DepthwisePlaneTaps<Vector512<float>> Broadcast(float bias) =>
        DepthwisePlaneTaps<Vector512<float>>.Broadcast<SimdFloat512>(bias, Weights, _weightLanes);

    /// <summary>The current channel's first packed weight; its taps follow one block's lanes apart.</summary>
    public readonly float* Weights => _weights + ((nint)_block * _taps * _weightLanes) + _lane;

    /// <summary>Copies the current channel's taps, row by row, into <paramref name="destination"/> (one after the other).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void CopyWeights(float* destination)
    {
        var source = Weights;
        for (var tap = 0; tap < _taps; tap++, source += _weightLanes)
        {
            destination[tap] = *source;
        }
    }

    /// <summary>Moves to the next output channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Next()
    {
        if (++_multiple == _depthMultiplier)
        {
            _multiple = 0;
            Plane += _inputPlane;
        }

        if (++_lane == _weightLanes)
        {
            _lane = 0;
            _block++;
        }
    }
}
