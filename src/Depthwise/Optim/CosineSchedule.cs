namespace Depthwise.Optim;

/// <summary>
/// Cosine annealing, as PyTorch's <c>CosineAnnealingLR</c> (one half period, no restarts):
/// <c>lr = min + (base − min) · (1 + cos(π · step / steps)) / 2</c>, and <c>min</c> after the last step.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">Rate at step 0 (finite, ≥ 0).</param>
    /// <param name="steps">Steps from the base rate down to the minimum (≥ 1).</param>
    /// <param name="minimumLearningRate">Rate reached at <paramref name="steps"/> and kept after (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineSchedule(double learningRate, long steps, double minimumLearningRate = 0)
    {
        LearningRate = RequireRate(learningRate, nameof(learningRate));
        MinimumLearningRate = RequireRate(minimumLearningRate, nameof(minimumLearningRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Steps = steps;
    }

    /// <summary>Rate at step 0.</summary>
    public double LearningRate { get; }

    /// <summary>Steps of the decay.</summary>
    public long Steps { get; }

    /// <summary>Final rate.</summary>
    public double MinimumLearningRate { get; }

    /// <inheritdoc />
    public override double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var progress = Math.Min(step, Steps) / (double)Steps;
        return MinimumLearningRate + ((LearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
