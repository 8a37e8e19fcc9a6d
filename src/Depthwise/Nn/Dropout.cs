using Depthwise.Cost;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Dropout: in training, zeroes each value with probability p and scales the survivors by 1/(1 − p), drawing from a
/// generator seeded at construction (so a run is reproducible); in inference, the identity (it returns its input).
/// </summary>
/// <remarks>A backward pass will need the mask of the last training forward; it is not kept today.</remarks>
public sealed class Dropout : Module
{
    private readonly Random _random;

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
        if (!IsTraining || Probability == 0)
        {
            return input;
        }

        var output = new Tensor(input.Shape, input.Layout);
        var scale = (float)(1 / (1 - Probability));
        var source = input.Span;
        var destination = output.Span;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = _random.NextDouble() < Probability ? 0f : source[i] * scale;
        }

        return output;
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
