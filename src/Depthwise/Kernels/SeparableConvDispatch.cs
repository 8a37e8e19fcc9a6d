using System.Runtime.Intrinsics;
using Depthwise.Operators;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Turns a <see cref="SeparableConvJob"/> into one generic instantiation of its depthwise stage — vector width, block
/// body, activation — and runs its bands on <see cref="Parallelism"/>. The pointwise stage picks its own width and
/// activation inside <see cref="GemmKernel.Run"/>.
/// </summary>
internal static class SeparableConvDispatch
{
    public static void Run(in SeparableConvJob job, DepthwiseTapsKind taps, Activation depthwiseActivation, int threads)
    {
        switch (job.Lanes)
        {
            case 16:
                Run<SimdFloat512, Vector512<float>>(job, taps, depthwiseActivation, threads);
                break;
            case 8:
                Run<SimdFloat256, Vector256<float>>(job, taps, depthwiseActivation, threads);
                break;
            case 4:
                Run<SimdFloat128, Vector128<float>>(job, taps, depthwiseActivation, threads);
                break;
            default:
                Run<SimdFloatScalar, float>(job, taps, depthwiseActivation, threads);
                break;
        }
    }

    private static void Run<TSimd, TVector>(in SeparableConvJob job, DepthwiseTapsKind taps, Activation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        switch (taps)
        {
            case DepthwiseTapsKind.Kernel3x3Stride1:
                Run<TSimd, TVector, Taps3x3Stride1>(job, activation, threads);
                break;
            case DepthwiseTapsKind.Kernel3x3Stride2:
                Run<TSimd, TVector, Taps3x3Stride2>(job, activation, threads);
                break;
            case DepthwiseTapsKind.Kernel5x5Stride1:
                Run<TSimd, TVector, Taps5x5Stride1>(job, activation, threads);
                break;
            case DepthwiseTapsKind.Kernel5x5Stride2:
                Run<TSimd, TVector, Taps5x5Stride2>(job, activation, threads);
                break;
            default:
                Run<TSimd, TVector, TapsGeneric>(job, activation, threads);
                break;
        }
    }

    private static void Run<TSimd, TVector, TTaps>(in SeparableConvJob job, Activation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                Run<TSimd, TVector, TTaps, IdentityOperator>(job, default, threads);
                break;
            case ActivationKind.Relu:
                Run<TSimd, TVector, TTaps, ReluOperator>(job, default, threads);
                break;
            case ActivationKind.HardSwish:
                Run<TSimd, TVector, TTaps, HardSwishOperator>(job, default, threads);
                break;
            default:
                // Relu6 is Clip(0, 6).
                Run<TSimd, TVector, TTaps, ClipOperator>(job, new ClipOperator(activation.Min, activation.Max), threads);
                break;
        }
    }

    private static void Run<TSimd, TVector, TTaps, TActivation>(in SeparableConvJob job, TActivation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var work = new SeparableConvWork<TSimd, TVector, TTaps, TActivation>(job, activation);
        Parallelism.For(job.Items, threads, ref work);
    }
}
