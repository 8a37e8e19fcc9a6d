namespace Depthwise.Optim;

/// <summary>Step decay, as PyTorch's <c>StepLR</c>: <c>lr = base · γ^⌊step / stepSize⌋</c>.</summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">Base rate (finite, ≥ 0).</param>
    /// <param name="stepSize">Steps between decays (≥ 1).</param>
    /// <param name="gamma">Factor per decay, in [0, 1]; PyTorch's default 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public StepSchedule(double learningRate, long stepSize, double gamma = 0.1)
    {
        LearningRate = RequireRate(learningRate, nameof(learningRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma is {gamma}; expected a value in [0, 1].");
        }

        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Base rate.</summary>
    public double LearningRate { get; }

    /// <summary>Steps between decays.</summary>
    public long StepSize { get; }

    /// <summary>Factor per decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return LearningRate * Math.Pow(Gamma, step / StepSize);
    }
}
