using System.Runtime.Intrinsics;
using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// Turns a <see cref="DepthwiseConvJob"/> into one generic instantiation — vector width, block body, activation, layout —
/// and runs its items on <see cref="Parallelism"/>. This is the only place the depthwise kernel's vector width is mapped
/// to a type; <see cref="SimdWidth"/> chose the width.
/// </summary>
internal static class DepthwiseConvDispatch
{
    public static void Run(in DepthwiseConvJob job, Activation activation, int threads)
    {
        switch (job.Lanes)
        {
            case 16:
                Run<SimdFloat512, Vector512<float>>(job, activation, threads);
                break;
            case 8:
                Run<SimdFloat256, Vector256<float>>(job, activation, threads);
                break;
            case 4:
                Run<SimdFloat128, Vector128<float>>(job, activation, threads);
                break;
            default:
                Run<SimdFloatScalar, float>(job, activation, threads);
                break;
        }
    }

    /// <summary>Runs an NCHW job on the planar kernel at the job's register width.</summary>
    public static void Run(in DepthwisePlaneJob job, Activation activation, int threads)
    {
        switch (job.Lanes)
        {
            case 16:
                Run<SimdFloat512, Vector512<float>>(job, activation, threads);
                break;
            case 8:
                Run<SimdFloat256, Vector256<float>>(job, activation, threads);
                break;
            case 4:
                Run<SimdFloat128, Vector128<float>>(job, activation, threads);
                break;
            default:
                Run<SimdFloatScalar, float>(job, activation, threads);
                break;
        }
    }

    private static void Run<TSimd, TVector>(in DepthwisePlaneJob job, Activation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                RunPlane<TSimd, TVector, IdentityOperator>(job, default, threads);
                break;
            case ActivationKind.Relu:
                RunPlane<TSimd, TVector, ReluOperator>(job, default, threads);
                break;
            case ActivationKind.HardSwish:
                RunPlane<TSimd, TVector, HardSwishOperator>(job, default, threads);
                break;
            default:
                RunPlane<TSimd, TVector, ClipOperator>(job, new ClipOperator(activation.Min, activation.Max), threads);
                break;
        }
    }

    private static void RunPlane<TSimd, TVector, TActivation>(in DepthwisePlaneJob job, TActivation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var work = new DepthwisePlaneWork<TSimd, TVector, TActivation>(job, activation);
        Parallelism.For(job.Items, threads, ref work);
    }

    private static void Run<TSimd, TVector>(in DepthwiseConvJob job, Activation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        switch (job.Taps)
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

    private static void Run<TSimd, TVector, TTaps>(in DepthwiseConvJob job, Activation activation, int threads)
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

    private static void Run<TSimd, TVector, TTaps, TActivation>(in DepthwiseConvJob job, TActivation activation, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (job.Layout == DepthwiseDataLayout.Planar)
        {
            var work = new DepthwisePlanarWork<TSimd, TVector, TTaps, TActivation>(job, activation);
            Parallelism.For(job.Items, threads, ref work);
        }
        else
        {
            var work = new DepthwiseBlockedWork<TSimd, TVector, TTaps, TActivation>(job, activation);
            Parallelism.For(job.Items, threads, ref work);
        }
    }
}
