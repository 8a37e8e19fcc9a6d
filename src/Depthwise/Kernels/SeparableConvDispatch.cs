using Depthwise.Operators;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Runs a <see cref="SeparableConvJob"/>'s bands, or its channel groups (<see cref="SeparableConvJob.SplitsChannels"/>),
/// on <see cref="Parallelism"/> with its depthwise stage's vector width, block body and activation as types
/// (<see cref="DepthwiseBodyDispatch"/>). The pointwise stage picks its own width and activation inside
/// <see cref="GemmKernel.Run"/>.
/// </summary>
internal static class SeparableConvDispatch
{
    public static void Run(in SeparableConvJob job, DepthwiseTapsKind taps, Activation depthwiseActivation, int threads)
    {
        var target = new Target(job, threads);
        DepthwiseBodyDispatch.Run(ref target, job.Lanes, taps, depthwiseActivation);
    }

    private readonly struct Target(in SeparableConvJob job, int threads) : IDepthwiseBodyTarget
    {
        private readonly SeparableConvJob _job = job;

        public void Run<TSimd, TVector, TTaps, TActivation>(TActivation activation)
            where TSimd : struct, ISimdFloat<TVector>
            where TVector : struct
            where TTaps : struct, IDepthwiseTaps
            where TActivation : struct, IActivationOperator<TActivation>
        {
            if (_job.SplitsChannels)
            {
                SeparableConvGroupWork<TSimd, TVector, TTaps, TActivation>.Run(_job, activation, threads);
                return;
            }

            var work = new SeparableConvWork<TSimd, TVector, TTaps, TActivation>(_job, activation);
            Parallelism.For(_job.Items, threads, ref work);
        }
    }
}
