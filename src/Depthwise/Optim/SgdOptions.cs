namespace Depthwise.Optim;

/// <summary>Hyper-parameters of <see cref="Sgd"/>, named and defaulted as PyTorch's <c>torch.optim.SGD</c>.</summary>
public sealed record SgdOptions
{
    /// <summary>Momentum factor μ in [0, 1); 0 (the default) is plain gradient descent.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening τ in [0, 1] of the gradient added to the momentum buffer; 0 by default.</summary>
    public double Dampening { get; init; }

    /// <summary>L2 penalty λ ≥ 0 added to the gradient (coupled weight decay: g + λ·p); 0 by default.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Nesterov momentum: step along g + μ·b instead of b; needs momentum &gt; 0 and dampening 0.</summary>
    public bool Nesterov { get; init; }

    internal void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, $"momentum is {Momentum}; expected a value in [0, 1).");
        }

        if (!(Dampening >= 0 && Dampening <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dampening), Dampening, $"dampening is {Dampening}; expected a value in [0, 1].");
        }

        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"weight decay is {WeightDecay}; expected a finite value >= 0.");
        }

        if (Nesterov && (Momentum == 0 || Dampening != 0))
        {
            throw new ArgumentException($"Nesterov momentum needs momentum > 0 and dampening 0; got momentum {Momentum}, dampening {Dampening}.", nameof(Nesterov));
        }
    }
}
