using System.Runtime.Intrinsics;
using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// Runs a <see cref="DepthwiseConvJob"/>'s items on <see cref="Parallelism"/> as one generic instantiation — vector
/// width, block body and activation from <see cref="DepthwiseBodyDispatch"/>, then the layout — and a
/// <see cref="DepthwisePlaneJob"/>'s on the planar kernels at the job's register width, and a
/// <see cref="DepthwiseFlatPlaneJob"/>'s on the flat-plane kernel.
/// </summary>
internal static class DepthwiseConvDispatch
{
    public static void Run(in DepthwiseConvJob job, Activation activation, int threads)
    {
        var target = new BlockedTarget(job, threads);
        DepthwiseBodyDispatch.Run(ref target, job.Lanes, job.Taps, activation);
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

    /// <summary>Runs an NCHW job on the flat-plane kernel (Vector512 only).</summary>
    public static void Run(in DepthwiseFlatPlaneJob job, Activation activation, int threads)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                RunFlat(job, default(IdentityOperator), threads);
                break;
            case ActivationKind.Relu:
                RunFlat(job, default(ReluOperator), threads);
                break;
            case ActivationKind.HardSwish:
                RunFlat(job, default(HardSwishOperator), threads);
                break;
            default:
                RunFlat(job, new ClipOperator(activation.Min, activation.Max), threads);
                break;
        }
    }

    private static void RunFlat<TActivation>(in DepthwiseFlatPlaneJob job, TActivation activation, int threads)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var work = new DepthwiseFlatPlaneWork<TActivation>(job, activation);
        Parallelism.For(job.Items, threads, ref work);
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

    private readonly struct BlockedTarget(in DepthwiseConvJob job, int threads) : IDepthwiseBodyTarget
    {
        private readonly DepthwiseConvJob _job = job;

        public void Run<TSimd, TVector, TTaps, TActivation>(TActivation activation)
            where TSimd : struct, ISimdFloat<TVector>
            where TVector : struct
            where TTaps : struct, IDepthwiseTaps
            where TActivation : struct, IActivationOperator<TActivation>
        {
            if (_job.Layout == DepthwiseDataLayout.Planar)
            {
                var work = new DepthwisePlanarWork<TSimd, TVector, TTaps, TActivation>(_job, activation);
                Parallelism.For(_job.Items, threads, ref work);
            }
            else if (_job.NonTemporalOutput)
            {
                var work = new DepthwiseBlockedWork<TSimd, TVector, TTaps, TActivation, NonTemporalStores>(_job, activation);
                Parallelism.For(_job.Items, threads, ref work);
            }
            else
            {
                var work = new DepthwiseBlockedWork<TSimd, TVector, TTaps, TActivation, CachedStores>(_job, activation);
                Parallelism.For(_job.Items, threads, ref work);
            }
        }
    }
}
