namespace Depthwise.Optim;

/// <summary>
/// Linear warm-up in front of another schedule: for step &lt; W the rate rises linearly from
/// <c>startFactor · after.At(0)</c> toward <c>after.At(0)</c> (PyTorch's <c>LinearLR</c>), then
/// <c>after.At(step − W)</c> (the two chained as PyTorch's <c>SequentialLR</c> does).
/// </summary>
public sealed class WarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="after">The schedule that takes over after the warm-up, started at its own step 0.</param>
    /// <param name="warmupSteps">W ≥ 0; 0 makes this schedule equal to <paramref name="after"/>.</param>
    /// <param name="startFactor">Fraction of the target rate at step 0, in [0, 1]; a small value such as 0.01 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public WarmupSchedule(LearningRateSchedule after, long warmupSteps, double startFactor = 0.01)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (!(startFactor >= 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"startFactor is {startFactor}; expected a value in [0, 1].");
        }

        After = after;
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
    }

    /// <summary>The schedule after the warm-up.</summary>
    public LearningRateSchedule After { get; }

    /// <summary>Warm-up steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>Fraction of the target rate at step 0.</summary>
    public double StartFactor { get; }

    /// <inheritdoc />
    public override double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step >= WarmupSteps)
        {
            return After.At(step - WarmupSteps);
        }

        var factor = StartFactor + ((1 - StartFactor) * step / WarmupSteps);
        return After.At(0) * factor;
    }
}
