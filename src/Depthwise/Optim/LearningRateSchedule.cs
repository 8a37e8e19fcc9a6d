namespace Depthwise.Optim;

/// <summary>
/// The learning rate as a function of the optimizer step (0 for the first step); a trainer sets
/// <see cref="Optimizer.LearningRate"/> to <see cref="At"/> before every step. Schedules compose:
/// <c>new WarmupSchedule(new CosineSchedule(0.1, 900), 100)</c> warms up for 100 steps, then decays over 900.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for a step.</summary>
    /// <param name="step">The step, from 0.</param>
    /// <returns>The rate (finite, ≥ 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The step is negative.</exception>
    public abstract double At(long step);

    /// <summary>Checks a base learning rate.</summary>
    /// <param name="learningRate">The rate.</param>
    /// <param name="parameter">The parameter's name.</param>
    /// <returns><paramref name="learningRate"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    private protected static double RequireRate(double learningRate, string parameter) =>
        learningRate >= 0 && !double.IsInfinity(learningRate)
            ? learningRate
            : throw new ArgumentOutOfRangeException(parameter, learningRate, $"{parameter} is {learningRate}; expected a finite value >= 0.");
}
