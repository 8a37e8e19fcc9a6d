using System.Runtime.Intrinsics;
using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// The one place where the channel-blocked depthwise kernel's register width (chosen by <see cref="SimdWidth"/>), block
/// body and activation become type arguments: each call reaches exactly one generic instantiation of
/// <see cref="IDepthwiseBodyTarget.Run"/>, which the JIT compiles fully specialised.
/// </summary>
internal static class DepthwiseBodyDispatch
{
    public static void Run<TTarget>(ref TTarget target, int lanes, DepthwiseTapsKind taps, Activation activation)
        where TTarget : struct, IDepthwiseBodyTarget
    {
        switch (lanes)
        {
            case 16:
                Run<TTarget, SimdFloat512, Vector512<float>>(ref target, taps, activation);
                break;
            case 8:
                Run<TTarget, SimdFloat256, Vector256<float>>(ref target, taps, activation);
                break;
            case 4:
                Run<TTarget, SimdFloat128, Vector128<float>>(ref target, taps, activation);
                break;
            default:
                Run<TTarget, SimdFloatScalar, float>(ref target, taps, activation);
                break;
        }
    }

    private static void Run<TTarget, TSimd, TVector>(ref TTarget target, DepthwiseTapsKind taps, Activation activation)
        where TTarget : struct, IDepthwiseBodyTarget
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        switch (taps)
        {
            case DepthwiseTapsKind.Kernel3x3Stride1:
                Run<TTarget, TSimd, TVector, Taps3x3Stride1>(ref target, activation);
                break;
            case DepthwiseTapsKind.Kernel3x3Stride2:
                Run<TTarget, TSimd, TVector, Taps3x3Stride2>(ref target, activation);
                break;
            case DepthwiseTapsKind.Kernel5x5Stride1:
                Run<TTarget, TSimd, TVector, Taps5x5Stride1>(ref target, activation);
                break;
            case DepthwiseTapsKind.Kernel5x5Stride2:
                Run<TTarget, TSimd, TVector, Taps5x5Stride2>(ref target, activation);
                break;
            default:
                Run<TTarget, TSimd, TVector, TapsGeneric>(ref target, activation);
                break;
        }
    }

    private static void Run<TTarget, TSimd, TVector, TTaps>(ref TTarget target, Activation activation)
        where TTarget : struct, IDepthwiseBodyTarget
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                target.Run<TSimd, TVector, TTaps, IdentityOperator>(default);
                break;
            case ActivationKind.Relu:
                target.Run<TSimd, TVector, TTaps, ReluOperator>(default);
                break;
            case ActivationKind.HardSwish:
                target.Run<TSimd, TVector, TTaps, HardSwishOperator>(default);
                break;
            default:
                // Relu6 is Clip(0, 6).
                if (ClipFromZeroOperator.Covers(activation.Min, activation.Max))
                {
                    target.Run<TSimd, TVector, TTaps, ClipFromZeroOperator>(new ClipFromZeroOperator(activation.Min, activation.Max));
                    break;
                }

                target.Run<TSimd, TVector, TTaps, ClipOperator>(new ClipOperator(activation.Min, activation.Max));
                break;
        }
    }
}
