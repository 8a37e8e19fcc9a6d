using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// Follows the output channels of an NCHW 3×3 depthwise call one by one for the flat-plane kernels: output channel
/// c·M + m reads input plane c, and its packed weights (blocks, 9, lanes) are lane c % lanes of block c / lanes — both
/// advanced by counting, without a division per channel.
/// </summary>
internal unsafe struct PlaneChannelWalk
{
    private const int Taps = 9;

    private readonly nint _inputPlane;
    private readonly float* _weights;
    private readonly int _weightLanes;
    private readonly int _depthMultiplier;
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
    public PlaneChannelWalk(float* input, nint inputPlane, float* weights, int weightLanes, int firstChannel, int depthMultiplier)
    {
        _inputPlane = inputPlane;
        _weights = weights;
        _weightLanes = weightLanes;
        _depthMultiplier = depthMultiplier;
        _multiple = firstChannel % depthMultiplier;
        _block = firstChannel / weightLanes;
        _lane = firstChannel % weightLanes;
        Plane = input + ((firstChannel / depthMultiplier) * inputPlane);
    }

    /// <summary>The current channel's input plane (at the origin the caller chose).</summary>
    public float* Plane { get; private set; }

    /// <summary>The current channel's bias and nine weights, each broadcast to every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly DepthwisePlaneTaps<Vector512<float>> Broadcast(float bias) =>
        DepthwisePlaneTaps<Vector512<float>>.Broadcast<SimdFloat512>(bias, _weights + ((nint)_block * Taps * _weightLanes) + _lane, _weightLanes);

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
