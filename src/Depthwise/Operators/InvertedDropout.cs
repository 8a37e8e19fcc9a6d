using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>
/// Inverted dropout: each value is zeroed with probability p and the survivors are scaled by 1/(1 − p), so the expected
/// value is unchanged and inference needs no rescaling. The mask comes from a counter-based hash of (seed, element
/// index), so it is the same for any thread count and any chunking.
/// </summary>
public static class InvertedDropout
{
    // Elements per work item.
    private const int ChunkLength = 1 << 15;

    /// <summary>Applies dropout and returns the output and the mask (0 or 1/(1 − p) per element) the backward pass multiplies by.</summary>
    /// <param name="input">Any shape.</param>
    /// <param name="probability">p, the chance of zeroing a value, in [0, 1).</param>
    /// <param name="seed">Selects the mask; the same seed gives the same mask.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>The output and the mask, both in the input's shape and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public static (Tensor Output, Tensor Mask) Forward(Tensor input, double probability, ulong seed, int threads = 0)
    {
        // input (any shape) → output (same shape), mask (same shape)
        ArgumentNullException.ThrowIfNull(input);
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"probability is {probability}; expected a value in [0, 1).");
        }

        var mask = new Tensor(input.Shape, input.Layout);
        var output = new Tensor(input.Shape, input.Layout);
        ForwardInto(input, probability, seed, output, mask, threads);
        return (output, mask);
    }

    /// <summary><see cref="Forward"/> into caller-owned tensors of the input's shape (a training module's buffers).</summary>
    internal static void ForwardInto(Tensor input, double probability, ulong seed, Tensor output, Tensor mask, int threads = 0)
    {
        // input (any shape) → output (same shape), mask (same shape), both overwritten
        var scale = (float)(1 / (1 - probability));

        // Keep a value when the top 53 bits of its hash, read as a fraction in [0, 1), are at least p.
        var threshold = (ulong)(probability * (1UL << 53));
        var length = input.Length;
        Parallelism.For((length + ChunkLength - 1) / ChunkLength, Parallelism.Resolve(threads), chunk =>
        {
            var start = chunk * ChunkLength;
            var count = Math.Min(ChunkLength, length - start);
            var values = mask.Span.Slice(start, count);
            for (var i = 0; i < count; i++)
            {
                values[i] = Hash(seed, (ulong)(start + i)) >> 11 >= threshold ? scale : 0f;
            }

            TensorPrimitives.Multiply(input.Span.Slice(start, count), values, output.Span.Slice(start, count));
        });
    }

    /// <summary>Backward of <see cref="Forward"/>: ∂L/∂input = ∂L/∂output · mask.</summary>
    /// <param name="gradOutput">∂L/∂output.</param>
    /// <param name="mask">The mask <see cref="Forward"/> returned, the same shape.</param>
    /// <returns>∂L/∂input, in the gradient's shape and layout.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Backward(Tensor gradOutput, Tensor mask)
    {
        // gradOutput (any shape), mask (same shape) → gradInput (same shape)
        ArgumentNullException.ThrowIfNull(gradOutput);
        ArgumentNullException.ThrowIfNull(mask);
        if (!gradOutput.Shape.SequenceEqual(mask.Shape))
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected the mask's shape, {mask}.", nameof(gradOutput));
        }

        var gradInput = new Tensor(gradOutput.Shape, gradOutput.Layout);
        TensorPrimitives.Multiply(gradOutput.Span, mask.Span, gradInput.Span);
        return gradInput;
    }

    /// <summary><see cref="Backward"/> into a caller-owned tensor of the gradient's shape (overwritten).</summary>
    internal static void BackwardInto(Tensor gradOutput, Tensor mask, Tensor gradInput)
    {
        // gradOutput (any shape), mask (same shape) → gradInput (same shape)
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!gradOutput.Shape.SequenceEqual(mask.Shape))
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected the mask's shape, {mask}.", nameof(gradOutput));
        }

        TensorPrimitives.Multiply(gradOutput.Span, mask.Span, gradInput.Span);
    }

    // SplitMix64's finalizer over seed and index: a fast, well-mixed, stateless hash.
    private static ulong Hash(ulong seed, ulong index)
    {
        var z = seed + ((index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
