using Depthwise.Nn;

namespace Depthwise.Optim;

/// <summary>
/// Updates a fixed list of <see cref="Parameter"/>s from their gradients, one <see cref="Step"/> at a time, as PyTorch's
/// <c>torch.optim</c> optimizers do.
/// </summary>
/// <remarks>
/// A parameter whose <see cref="Parameter.Gradient"/> is null (no backward pass reached it yet) is skipped and its state
/// is left untouched, as PyTorch skips parameters whose <c>grad</c> is None. State (momentum, moment estimates) lives
/// per parameter, in the order the parameters were given.
/// </remarks>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;
    private double _learningRate;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; each at most once.</param>
    /// <param name="learningRate">Initial learning rate (finite, ≥ 0).</param>
    /// <exception cref="ArgumentException">A parameter appears twice, or the list is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is negative or not finite.</exception>
    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("parameters is empty; expected at least one parameter to optimize.", nameof(parameters));
        }

        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var parameter in _parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            if (!seen.Add(parameter))
            {
                throw new ArgumentException($"parameter '{parameter.Name}' appears more than once; expected each parameter once.", nameof(parameters));
            }
        }

        LearningRate = learningRate;
        Scratch = new float[_parameters.Max(parameter => parameter.Length)];
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The learning rate the next <see cref="Step"/> uses; a schedule sets it before each step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"learning rate is {value}; expected a finite value >= 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Scratch as long as the largest parameter, shared by the updates (they run one parameter at a time).</summary>
    private protected float[] Scratch { get; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    /// <exception cref="InvalidOperationException">A gradient's length differs from its parameter's.</exception>
    public void Step()
    {
        for (var index = 0; index < _parameters.Length; index++)
        {
            var parameter = _parameters[index];
            if (parameter.Gradient is not { } gradient)
            {
                continue;
            }

            if (gradient.Length != parameter.Length)
            {
                throw new InvalidOperationException($"parameter '{parameter.Name}' has {parameter.Length} values but its gradient has {gradient.Length}; expected equal lengths.");
            }

            Update(index, parameter.Value.Span, gradient.Span);
        }

        StepCount++;
    }

    /// <summary>Sets every gradient to zero (gradients not yet allocated stay null).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            parameter.Gradient?.Span.Clear();
        }
    }

    /// <summary>Updates one parameter in place.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/> (selects its state).</param>
    /// <param name="value">The parameter's values, updated in place.</param>
    /// <param name="gradient">∂L/∂value, same length.</param>
    private protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> gradient);
}
