using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// Backward passes of the activations: ∂L/∂x = ∂L/∂y · f′(x), elementwise, in chunks spread over threads (each chunk
/// owned by one thread, so the result does not depend on the thread count). Slopes at the kinks follow PyTorch.
/// </summary>
public static class ActivationGradient
{
    // Elements per work item: large enough to amortize a hand-off, small enough to split a 64-image batch.
    private const int ChunkLength = 1 << 15;

    /// <summary>Backward of a fusable activation (<see cref="Elementwise.Apply"/> or a convolution's fused activation).</summary>
    /// <param name="input">The activation's input x (the pre-activation), any shape.</param>
    /// <param name="gradOutput">∂L/∂y, the shape of <paramref name="input"/>.</param>
    /// <param name="activation">The function.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>∂L/∂x in the input's shape and layout.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Backward(Tensor input, Tensor gradOutput, Activation activation, int threads = 0)
    {
        // input (any shape), gradOutput (same shape) → gradInput (same shape)
        var gradInput = Prepare(input, gradOutput, nameof(input))!;
        Run(input, gradOutput, gradInput, threads, (x, g, d) => ActivationGradientKernel.Backward(x, g, d, activation));
        return gradInput;
    }

    /// <summary><see cref="Backward"/> into a caller-owned tensor of the input's length (overwritten); same bits.</summary>
    internal static void BackwardInto(Tensor input, Tensor gradOutput, Tensor gradInput, Activation activation, int threads = 0)
    {
        // input (any shape), gradOutput (same shape) → gradInput (same shape)
        Prepare(input, gradOutput, nameof(input), allocate: false);
        Run(input, gradOutput, gradInput, threads, (x, g, d) => ActivationGradientKernel.Backward(x, g, d, activation));
    }

    /// <summary><see cref="SigmoidBackward"/> into a caller-owned tensor of the output's length (overwritten); same bits.</summary>
    internal static void SigmoidBackwardInto(Tensor output, Tensor gradOutput, Tensor gradInput, int threads = 0)
    {
        // output (any shape), gradOutput (same shape) → gradInput (same shape)
        Prepare(output, gradOutput, nameof(output), allocate: false);
        Run(output, gradOutput, gradInput, threads, ActivationGradientKernel.Sigmoid);
    }

    /// <summary>Backward of <see cref="Elementwise.HardSigmoid"/>: slope 1/6 strictly inside (−3, 3), 0 outside.</summary>
    /// <param name="input">The gate's input x, any shape.</param>
    /// <param name="gradOutput">∂L/∂y, the shape of <paramref name="input"/>.</param>
    /// <param name="threads">Worker threads; 0 means the default.</param>
    /// <returns>∂L/∂x.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor HardSigmoidBackward(Tensor input, Tensor gradOutput, int threads = 0)
    {
        // input (any shape), gradOutput (same shape) → gradInput (same shape)
        var gradInput = Prepare(input, gradOutput, nameof(input))!;
        Run(input, gradOutput, gradInput, threads, ActivationGradientKernel.HardSigmoid);
        return gradInput;
    }

    /// <summary>Backward of <see cref="Elementwise.Sigmoid"/>, from its output: ∂L/∂x = ∂L/∂y · y · (1 − y).</summary>
    /// <param name="output">The sigmoid's output y, any shape.</param>
    /// <param name="gradOutput">∂L/∂y, the shape of <paramref name="output"/>.</param>
    /// <param name="threads">Worker threads; 0 means the default.</param>
    /// <returns>∂L/∂x.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor SigmoidBackward(Tensor output, Tensor gradOutput, int threads = 0)
    {
        // output (any shape), gradOutput (same shape) → gradInput (same shape)
        var gradInput = Prepare(output, gradOutput, nameof(output))!;
        Run(output, gradOutput, gradInput, threads, ActivationGradientKernel.Sigmoid);
        return gradInput;
    }

    private static Tensor? Prepare(Tensor values, Tensor gradOutput, string valuesName, bool allocate = true)
    {
        ArgumentNullException.ThrowIfNull(values, valuesName);
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!values.Shape.SequenceEqual(gradOutput.Shape) || (values.Rank == 4 && values.Layout != gradOutput.Layout))
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected the shape and layout of {valuesName}, {values}.", nameof(gradOutput));
        }

        return allocate ? new Tensor(values.Shape, values.Layout) : null;
    }

    private static void Run(Tensor values, Tensor gradOutput, Tensor gradInput, int threads, ChunkKernel kernel)
    {
        var length = values.Length;
        var chunks = (length + ChunkLength - 1) / ChunkLength;
        Parallelism.For(chunks, Parallelism.Resolve(threads), chunk =>
        {
            var start = chunk * ChunkLength;
            var count = Math.Min(ChunkLength, length - start);
            kernel(values.Span.Slice(start, count), gradOutput.Span.Slice(start, count), gradInput.Span.Slice(start, count));
        });
    }

    private delegate void ChunkKernel(ReadOnlySpan<float> values, ReadOnlySpan<float> gradOutput, Span<float> gradInput);
}
