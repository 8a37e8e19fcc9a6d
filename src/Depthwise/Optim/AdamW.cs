using System.Numerics.Tensors;
using Depthwise.Nn;

namespace Depthwise.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), with PyTorch's <c>torch.optim.AdamW</c> update at a
/// parameter's t-th step (t from 1):
/// <code>
/// p = p·(1 − lr·λ)
/// m = β₁·m + (1 − β₁)·g
/// v = β₂·v + (1 − β₂)·g²
/// p = p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly float[]?[] _firstMoments;
    private readonly float[]?[] _secondMoments;
    private readonly long[] _steps;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">Learning rate (finite, ≥ 0); PyTorch's default is 1e-3.</param>
    /// <param name="options">β₁, β₂, ε, weight decay; null for PyTorch's defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public AdamW(IEnumerable<Parameter> parameters, double learningRate = 1e-3, AdamWOptions? options = null)
        : base(parameters, learningRate)
    {
        Options = options ?? new AdamWOptions();
        Options.Validate();
        _firstMoments = new float[]?[Parameters.Count];
        _secondMoments = new float[]?[Parameters.Count];
        _steps = new long[Parameters.Count];
    }

    /// <summary>The hyper-parameters.</summary>
    public AdamWOptions Options { get; }

    /// <inheritdoc />
    private protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient)
    {
        // value (n), gradient (n) → value (n) updated in place; moments m, v per parameter, denominator in scratch
        var first = _firstMoments[index] ??= new float[value.Length];
        var second = _secondMoments[index] ??= new float[value.Length];
        var step = ++_steps[index];
        var beta1 = Options.Beta1;
        var beta2 = Options.Beta2;
        var learningRate = LearningRate;

        TensorPrimitives.Multiply(value, (float)(1 - (learningRate * Options.WeightDecay)), value);

        TensorPrimitives.Multiply(first, (float)beta1, first);
        TensorPrimitives.MultiplyAdd(gradient, (float)(1 - beta1), first, first);

        var denominator = Scratch.AsSpan(0, value.Length);
        TensorPrimitives.Multiply(gradient, gradient, denominator);
        TensorPrimitives.Multiply(second, (float)beta2, second);
        TensorPrimitives.MultiplyAdd(denominator, (float)(1 - beta2), second, second);

        // Bias corrections in double: β^t underflows gracefully and 1 − β₂ᵗ is tiny on early steps.
        var correction1 = 1 - Math.Pow(beta1, step);
        var correction2 = 1 - Math.Pow(beta2, step);
        TensorPrimitives.Sqrt(second, denominator);
        TensorPrimitives.Multiply(denominator, (float)(1 / Math.Sqrt(correction2)), denominator);
        TensorPrimitives.Add(denominator, (float)Options.Epsilon, denominator);
        TensorPrimitives.Divide(first, denominator, denominator);
        TensorPrimitives.MultiplyAdd(denominator, (float)(-learningRate / correction1), value, value);
    }
}
