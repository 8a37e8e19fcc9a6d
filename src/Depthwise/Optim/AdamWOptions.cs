namespace Depthwise.Optim;

/// <summary>Hyper-parameters of <see cref="AdamW"/>, named and defaulted as PyTorch's <c>torch.optim.AdamW</c>.</summary>
public sealed record AdamWOptions
{
    /// <summary>β₁ in [0, 1): decay of the first-moment (mean) estimate; 0.9 by default.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>β₂ in [0, 1): decay of the second-moment (uncentred variance) estimate; 0.999 by default.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε &gt; 0 added to the denominator; 1e-8 by default.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay λ ≥ 0 (p ← p·(1 − lr·λ) before the Adam step); 0.01 by default.</summary>
    public double WeightDecay { get; init; } = 0.01;

    internal void Validate()
    {
        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, $"beta1 is {Beta1}; expected a value in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, $"beta2 is {Beta2}; expected a value in [0, 1).");
        }

        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"epsilon is {Epsilon}; expected a finite value > 0.");
        }

        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"weight decay is {WeightDecay}; expected a finite value >= 0.");
        }
    }
}
