using System.Numerics.Tensors;
using Depthwise.Nn;

namespace Depthwise.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and (coupled) weight decay, with PyTorch's
/// <c>torch.optim.SGD</c> update:
/// <code>
/// g = ∇ + λ·p
/// b = g on a parameter's first step, else μ·b + (1 − τ)·g      (only when μ ≠ 0)
/// d = g + μ·b if Nesterov, else b                              (d = g when μ = 0)
/// p = p − lr·d
/// </code>
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _momentumBuffers;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">Learning rate (finite, ≥ 0).</param>
    /// <param name="options">Momentum, dampening, weight decay, Nesterov; null for plain SGD.</param>
    /// <exception cref="ArgumentException">An option is out of range, or Nesterov is asked without momentum or with dampening.</exception>
    public Sgd(IEnumerable<Parameter> parameters, double learningRate, SgdOptions? options = null)
        : base(parameters, learningRate)
    {
        Options = options ?? new SgdOptions();
        Options.Validate();
        _momentumBuffers = new float[]?[Parameters.Count];
    }

    /// <summary>The hyper-parameters.</summary>
    public SgdOptions Options { get; }

    /// <inheritdoc />
    private protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient)
    {
        // value (n), gradient (n) → value (n) updated in place; direction d in scratch, momentum b per parameter
        var direction = Scratch.AsSpan(0, value.Length);
        var momentum = (float)Options.Momentum;
        var weightDecay = (float)Options.WeightDecay;
        if (weightDecay != 0)
        {
            TensorPrimitives.MultiplyAdd(value, weightDecay, gradient, direction);
        }
        else
        {
            gradient.CopyTo(direction);
        }

        if (momentum != 0)
        {
            if (_momentumBuffers[index] is not { } buffer)
            {
                // PyTorch seeds the buffer with the first gradient, undampened.
                _momentumBuffers[index] = direction.ToArray();
                buffer = _momentumBuffers[index]!;
            }
            else
            {
                TensorPrimitives.Multiply(buffer, momentum, buffer);
                TensorPrimitives.MultiplyAdd(direction, (float)(1 - Options.Dampening), buffer, buffer);
            }

            if (Options.Nesterov)
            {
                TensorPrimitives.MultiplyAdd(buffer, momentum, direction, direction);
            }
            else
            {
                buffer.CopyTo(direction);
            }
        }

        TensorPrimitives.MultiplyAdd(direction, (float)-LearningRate, value, value);
    }
}
