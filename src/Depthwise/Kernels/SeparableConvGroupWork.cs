using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// A fused block split by channels (<see cref="SeparableConvJob.SplitsChannels"/>), run in two phases: work items of
/// the first are (image, channel group), each expanding its group's channels over the whole image and running their
/// depthwise blocks into a middle buffer all items share (<see cref="SeparableConvWork{TSimd, TVector, TTaps, TActivation}.Group"/>);
/// the second is the projection over that buffer in GEMM tiles (<see cref="SeparableConvProjectionWork"/>).
/// </summary>
/// <remarks>
/// Against the row split this recomputes no halo rows (7 output rows in 2-row chunks expand 15 rows instead of 7) and
/// each thread streams only its share of the expansion weights, and of the projection weights or of the middle buffer.
/// The middle buffer is the calling thread's scratch (<see cref="SeparableScratch.Shared"/>): the workers write and read
/// it only while the call runs.
/// </remarks>
internal readonly unsafe struct SeparableConvGroupWork<TSimd, TVector, TTaps, TActivation>(
    in SeparableConvWork<TSimd, TVector, TTaps, TActivation> work, int groupsPerImage, float* middle) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly SeparableConvWork<TSimd, TVector, TTaps, TActivation> _work = work;

    /// <summary>Runs both phases of <paramref name="job"/> on <paramref name="threads"/> threads.</summary>
    public static void Run(in SeparableConvJob job, TActivation activation, int threads)
    {
        // input (N, Cin, H, W) or (N, H, W, Cin) → middle of every image, by channel groups → output, by GEMM tiles [+ residual]
        var middle = SeparableScratch.Shared(job.MiddleLength * job.Batch);
        var groups = new SeparableConvGroupWork<TSimd, TVector, TTaps, TActivation>(
            new SeparableConvWork<TSimd, TVector, TTaps, TActivation>(job, activation), job.GroupsPerImage, middle);
        Parallelism.For(job.Batch * job.GroupsPerImage, threads, ref groups);
        var projection = new SeparableConvProjectionWork(job, middle, threads);
        Parallelism.For(projection.Items, threads, ref projection);
    }

    public void Execute(int item) => _work.Group(item / groupsPerImage, item % groupsPerImage, middle);
}
