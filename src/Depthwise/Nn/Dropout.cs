using Depthwise.Cost;
using Depthwise.Tensors;
using DropoutOperator = Depthwise.Operators.InvertedDropout;

namespace Depthwise.Nn;

/// <summary>
/// Dropout: in training, zeroes each value with probability p and scales the survivors by 1/(1 − p), drawing from a
/// generator seeded at construction (so a run is reproducible); in inference, the identity (it returns its input).
/// </summary>
/// <remarks>
/// Each training forward draws a fresh mask seed from the generator; the mask itself is a hash of that seed and the
/// element index (<see cref="DropoutOperator"/>), so it does not depend on the thread count. The forward keeps the
/// mask for <see cref="Backward(Tensor)"/>.
/// </remarks>
public sealed class Dropout : Module
{
    private readonly Random _random;
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _maskBuffer = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _mask;
    private bool _identity;

    /// <summary>Creates the layer.</summary>
    /// <param name="probability">p, the chance of zeroing a value, in [0, 1).</param>
    /// <param name="seed">Seed of the generator that draws the masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public Dropout(double probability = 0.5, int seed = 0)
    {
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"probability is {probability}; expected a value in [0, 1).");
        }

        Probability = probability;
        _random = new Random(seed);
    }

    /// <summary>p.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        ArgumentNullException.ThrowIfNull(input);
        (_mask, _identity) = (null, false);
        if (!IsTraining || Probability == 0)
        {
            _identity = IsTraining;
            return input;
        }

        var output = _output.Like(input);
        var mask = _maskBuffer.Like(input);
        DropoutOperator.ForwardInto(input, Probability, (ulong)_random.NextInt64(), output, mask);
        _mask = mask;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (_identity)
        {
            _identity = false;
            return gradOutput;
        }

        var mask = RequireCache(_mask);
        var gradInput = _gradInput.Like(gradOutput);
        DropoutOperator.BackwardInto(gradOutput, mask, gradInput);
        _mask = null;
        return gradInput;
    }

    /// <inheritdoc />
    /// <remarks>Counted as free: at inference dropout is the identity and is not even exported.</remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length == 0)
        {
            throw new ArgumentException("Dropout expects a tensor shape; got an empty one.", nameof(inputShape));
        }

        Tensor.CheckedLength(inputShape, nameof(inputShape));
        return LayerCost.Leaf(nameof(Dropout), string.Empty, inputShape, inputShape, OpCost.Zero);
    }
}
