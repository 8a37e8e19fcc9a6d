namespace Depthwise.Optim;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The rate (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative or not finite.</exception>
    public ConstantSchedule(double learningRate) => LearningRate = RequireRate(learningRate, nameof(learningRate));

    /// <summary>The rate.</summary>
    public double LearningRate { get; }

    /// <inheritdoc />
    public override double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return LearningRate;
    }
}
