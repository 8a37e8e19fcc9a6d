using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// A fused separable or inverted residual call decided once for fixed shapes: the job (sizes, bands, the partition
/// across threads) and the dispatch settings, run on the data of each call without validating or partitioning again.
/// </summary>
/// <remarks>
/// For plans that run the same shapes on every call (ONNX execution plans bind each step to buffers of fixed shapes).
/// Deciding all this per call ran on the calling thread alone between parallel regions, ≈ 2–3 µs per MobileNetV2 block
/// (most of it cache misses on the plan's objects), while the other threads waited.
/// The job reads the plan's weights through raw pointers into pinned arrays, which are freed with the plan: the call
/// holds the plan (<c>owner</c>), so that whoever keeps a call, as execution plans keep only their bound steps, keeps
/// the memory it reads.
/// </remarks>
internal readonly unsafe struct SeparableConvCall
{
    private readonly SeparableConvJob _job;
    private readonly DepthwiseTapsKind _taps;
    private readonly Activation _depthwiseActivation;
    private readonly int _threads;
    private readonly object _owner;

    /// <param name="job">The job, its data pointers to be replaced on each run.</param>
    /// <param name="taps">The depthwise stage's taps kind.</param>
    /// <param name="depthwiseActivation">The depthwise stage's activation.</param>
    /// <param name="threads">Threads the job was partitioned for.</param>
    /// <param name="owner">The plan whose pinned arrays the job's weight pointers address.</param>
    public SeparableConvCall(in SeparableConvJob job, DepthwiseTapsKind taps, Activation depthwiseActivation, int threads, object owner)
    {
        _job = job;
        _taps = taps;
        _depthwiseActivation = depthwiseActivation;
        _threads = threads;
        _owner = owner;
    }

    /// <summary>Runs the call on pinned data of the shapes it was decided for.</summary>
    public void Run(float* input, float* output, float* residual)
    {
        SeparableConvDispatch.Run(_job.WithData(input, output, residual), _taps, _depthwiseActivation, _threads);

        // Until the run has finished with the owner's weights, even when the caller's last reference was this call's.
        GC.KeepAlive(_owner);
    }
}
