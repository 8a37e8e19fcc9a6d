using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The channel loop of the kernels with 7×7 output planes (<see cref="ISevenPlaneKernel"/>): each channel's taps
/// broadcast, its plane computed by the kernel, the activated row pairs stored. Specialized per kernel (a struct type
/// argument), so each kernel's plane is inlined into its own copy of the loop.
/// </summary>
internal static unsafe class SevenPlaneChannels
{
    private const int Side = 7;

    private const int Pixels = Side * Side;

    /// <summary>Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run<TKernel, TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier, TActivation activation)
        where TKernel : struct, ISevenPlaneKernel
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, input plane) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, 7, 7)
        var walk = new PlaneChannelWalk(input, TKernel.InputPixels, weights, weightLanes, firstChannel, depthMultiplier);
        output += firstChannel * Pixels;
        for (var channel = firstChannel; channel < endChannel; channel++, output += Pixels)
        {
            var taps = walk.Broadcast(bias[channel]);
            var (pair0, pair1, pair2, pair3) = TKernel.Plane(walk.Plane, taps);

            // Pairs stored in ascending order, each full register's two spare lanes overwritten by the next; row 6 alone.
            Vector512.Store(activation.Invoke(pair0), output);
            Vector512.Store(activation.Invoke(pair1), output + (2 * Side));
            Vector512.Store(activation.Invoke(pair2), output + (4 * Side));
            Avx512F.MaskStore(output + (6 * Side), Vector512.Create(-1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0).AsSingle(), activation.Invoke(pair3));
            walk.Next();
        }
    }
}
