using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// A flat-plane kernel whose output planes are 7×7 and computed as four row pairs in four registers
/// (<see cref="DepthwiseSevenPlaneKernel"/>, <see cref="DepthwiseSevenPlaneStride2Kernel"/>): what the channel loop they
/// share (<see cref="SevenPlaneChannels"/>) asks of each.
/// </summary>
internal unsafe interface ISevenPlaneKernel
{
    /// <summary>Pixels of one input plane.</summary>
    static abstract int InputPixels { get; }

    /// <summary>One channel's input plane → output row pairs (0, 1), (2, 3), (4, 5) and (6, 7), lanes [0, 7) and [7, 14) each, before the activation.</summary>
    static abstract (Vector512<float> Pair0, Vector512<float> Pair1, Vector512<float> Pair2, Vector512<float> Pair3) Plane(
        float* plane, in DepthwisePlaneTaps<Vector512<float>> taps);
}
