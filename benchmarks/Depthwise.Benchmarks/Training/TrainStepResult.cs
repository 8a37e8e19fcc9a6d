namespace Depthwise.Benchmarks.Training;

/// <summary>One row of the train-step benchmark: median (and fastest) milliseconds per step, ours and the peer's, and our allocation per step.</summary>
/// <param name="Ratio">Our median over the peer's median (below 1: we are faster).</param>
internal sealed record TrainStepResult(
    string Model,
    int Batch,
    int Threads,
    long Parameters,
    long? PeerParameters,
    double Milliseconds,
    double FastestMilliseconds,
    double? PeerMilliseconds,
    double? PeerFastestMilliseconds,
    double? Ratio,
    long AllocatedBytesPerStep);
