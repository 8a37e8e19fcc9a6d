using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// An inverted residual block with constant weights, prepared once by <see cref="InvertedResidualConv2d.Prepare"/> and run
/// fused: per band of output rows, the 1×1 expansion computes exactly the input rows the depthwise stage reads into a
/// per-thread buffer (rows shared with the previous band of the same work item are kept, not recomputed), the depthwise
/// stage writes the band's C channels into a second per-thread buffer, and the projection GEMM writes the final output
/// rows, adding the residual while they are in cache. Neither the expanded (N, C, H, W) tensor nor the depthwise output
/// exists in memory. On several threads, small images that would be cut into row chunks (each recomputing its halo
/// rows) are split by channel groups instead: each group's expansion and depthwise stage over the whole image into a
/// middle buffer the call shares, then the projection in tiles.
/// </summary>
/// <remarks>
/// <para>
/// Input is (N, Cin, H, W) or (N, H, W, Cin) according to its <see cref="Tensor.Layout"/>, and the output (and residual)
/// use the same layout; H, W and N may change from call to call. The depthwise stage has one filter per expanded channel.
/// </para>
/// <para>
/// Results are bit-identical for any thread count, and to running the expansion and projection as
/// <see cref="PointwiseConv2d"/> and the depthwise stage as <see cref="DepthwiseConv2d"/> with the same weights and
/// options, then adding the residual: each expanded and each output element is its bias plus one fused multiply-add per
/// input channel in increasing order, and each depthwise output is computed by the depthwise bodies' operations.
/// </para>
/// <para>
/// Thread safety: a plan is immutable after construction and its scratch is per thread, so any number of threads may
/// call <c>Forward</c> on one plan at the same time (each with its own output). Allocation:
/// <see cref="Forward(Tensor, Tensor?, Tensor)"/> allocates nothing once the calling threads' scratch has grown.
/// </para>
/// </remarks>
public sealed unsafe class InvertedResidualConv2dPlan
{
    private readonly SeparableConv2dPlan _separable;
    private readonly PrepackedWeights _expandPacked;
    private readonly float[]? _expandRowMajor;
    private readonly float[]? _expandBias;
    private readonly Conv2dOptions _depthwiseOptions;

    internal InvertedResidualConv2dPlan(
        Tensor expandWeights, Tensor? expandBias, Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor projectWeights, Tensor? projectBias, InvertedResidualConv2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(expandWeights);
        ArgumentNullException.ThrowIfNull(depthwiseWeights);
        ArgumentNullException.ThrowIfNull(projectWeights);
        ArgumentNullException.ThrowIfNull(options);
        if ((expandWeights.Rank != 2 && expandWeights.Rank != 4) || (expandWeights.Rank == 4 && (expandWeights.Shape[2] != 1 || expandWeights.Shape[3] != 1)))
        {
            throw new ArgumentException($"expandWeights has shape {Tensor.FormatShape(expandWeights.Shape)}; expected (C, Cin, 1, 1) or (C, Cin).", nameof(expandWeights));
        }

        ExpandedChannels = expandWeights.Shape[0];
        InputChannels = expandWeights.Shape[1];
        if (expandBias is not null && (expandBias.Rank != 1 || expandBias.Length != ExpandedChannels))
        {
            throw new ArgumentException($"expandBias has shape {Tensor.FormatShape(expandBias.Shape)}; expected ({ExpandedChannels}), one value per expanded channel.", nameof(expandBias));
        }

        if (!PrepackedWeights.Fits(InputChannels, ExpandedChannels, 1))
        {
            throw new ArgumentException($"expandWeights {Tensor.FormatShape(expandWeights.Shape)} are too large to pack; expected at most {Array.MaxLength} floats once padded.", nameof(expandWeights));
        }

        if (depthwiseWeights.Rank != 4 || depthwiseWeights.Shape[0] != ExpandedChannels || depthwiseWeights.Shape[1] != 1)
        {
            throw new ArgumentException(
                $"depthwiseWeights has shape {Tensor.FormatShape(depthwiseWeights.Shape)}; expected ({ExpandedChannels}, 1, kH, kW), one filter per expanded channel.", nameof(depthwiseWeights));
        }

        var projectShape = projectWeights.Shape;
        if ((projectWeights.Rank != 2 && projectWeights.Rank != 4) || (projectWeights.Rank == 4 && (projectShape[2] != 1 || projectShape[3] != 1))
            || projectShape[1] != ExpandedChannels)
        {
            throw new ArgumentException(
                $"projectWeights has shape {Tensor.FormatShape(projectShape)}; expected (Cout, {ExpandedChannels}, 1, 1) or (Cout, {ExpandedChannels}).", nameof(projectWeights));
        }

        if (projectBias is not null && (projectBias.Rank != 1 || projectBias.Length != projectShape[0]))
        {
            throw new ArgumentException($"projectBias has shape {Tensor.FormatShape(projectBias.Shape)}; expected ({projectShape[0]}), one value per output channel.", nameof(projectBias));
        }

        _separable = new SeparableConv2dPlan(depthwiseWeights, depthwiseBias, projectWeights, projectBias, options.SeparableOptions);
        _depthwiseOptions = options.SeparableOptions.DepthwiseOptions;
        Options = options;
        _expandPacked = new PrepackedWeights(expandWeights.Span, InputChannels, ExpandedChannels, 1);
        if (SeparableConvExpansion.ReadsRowMajorWeights(InputChannels, ExpandedChannels))
        {
            _expandRowMajor = RowMajorTranspose(expandWeights.Span, ExpandedChannels, InputChannels);
        }
        if (expandBias is not null)
        {
            _expandBias = GC.AllocateUninitializedArray<float>(ExpandedChannels, pinned: true);
            expandBias.Span.CopyTo(_expandBias);
        }
    }

    /// <summary>Input channels Cin (the expansion weights' dimension 1).</summary>
    public int InputChannels { get; }

    /// <summary>Channels after the expansion, C (the expansion weights' dimension 0).</summary>
    public int ExpandedChannels { get; }

    /// <summary>Output channels Cout (the projection weights' dimension 0).</summary>
    public int OutputChannels => _separable.OutputChannels;

    /// <summary>Depthwise kernel rows and columns.</summary>
    public Size2D Kernel => _separable.Kernel;

    /// <summary>The geometry, activations and threads the plan runs with.</summary>
    public InvertedResidualConv2dOptions Options { get; }

    /// <summary>Runs the block into a new tensor.</summary>
    /// <param name="input">(N, Cin, H, W) or (N, H, W, Cin).</param>
    /// <param name="residual">A tensor shaped like the output, in the input's layout, added to it; or null.</param>
    /// <returns>(N, Cout, Ho, Wo) stored in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or the kernel does not fit the input.</exception>
    public Tensor Forward(Tensor input, Tensor? residual = null)
    {
        // input (N, Cin, H, W), expand (C, Cin), depthwise (C, 1, kH, kW), project (Cout, C) → output (N, Cout, Ho, Wo) [+ residual], in input's layout
        var problem = Validate(input);
        var output = Tensor.Image(problem.Batch, OutputChannels, problem.Geometry.OutputHeight, problem.Geometry.OutputWidth, problem.Layout);
        CheckResidual(problem, residual, output);
        Run(problem, input, residual, output);
        return output;
    }

    /// <summary>Runs the block into a caller-provided tensor; allocates nothing once the calling threads' scratch has grown.</summary>
    /// <param name="input">(N, Cin, H, W) or (N, H, W, Cin).</param>
    /// <param name="residual">A tensor shaped like the output, in the input's layout, added to it (it may be the input itself); or null.</param>
    /// <param name="output">(N, Cout, Ho, Wo) in the input's layout; must not share memory with the input or the residual.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or the kernel does not fit the input.</exception>
    public void Forward(Tensor input, Tensor? residual, Tensor output)
    {
        // input (N, Cin, H, W), expand (C, Cin), depthwise (C, 1, kH, kW), project (Cout, C) → output (N, Cout, Ho, Wo) [+ residual], in input's layout
        var problem = Validate(input);
        CheckOutput(problem, input, output);
        CheckResidual(problem, residual, output);
        Run(problem, input, residual, output);
    }

    /// <summary>
    /// Validates a call on these tensors once and returns it ready to run on their contents again and again, without
    /// validating or partitioning per call: what execution plans bind to buffers of fixed shapes.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward(Tensor, Tensor?, Tensor)"/>.</exception>
    internal Action Bind(Tensor input, Tensor? residual, Tensor output)
    {
        // input (N, Cin, H, W), expand (C, Cin), depthwise (C, 1, kH, kW), project (Cout, C) → output (N, Cout, Ho, Wo) [+ residual], in input's layout
        var problem = Validate(input);
        CheckOutput(problem, input, output);
        CheckResidual(problem, residual, output);
        SeparableConvCall call;

        // The expansion's weights and bias live in pinned arrays this plan keeps: their addresses stay valid while the
        // call holds this plan.
        fixed (float* expandWeights = _expandPacked.Span)
        fixed (float* expandBias = _expandBias)
        {
            call = _separable.Prepare(problem, Expansion(expandWeights, expandBias), this);
        }

        return () =>
        {
            fixed (float* inputStart = input.Span)
            fixed (float* outputStart = output.Span)
            fixed (float* residualStart = residual is null ? default : residual.Span)
            {
                call.Run(inputStart, outputStart, residualStart);
            }
        };
    }

    private DepthwiseConvProblem Validate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        if (input.Channels != InputChannels)
        {
            throw new ArgumentException($"input is {input} with {input.Channels} channels; expected {InputChannels}, the expansion weights' dimension 1.", nameof(input));
        }

        var problem = DepthwiseConvProblem.Create(
            input.Batch, ExpandedChannels, input.Height, input.Width, input.Layout, ExpandedChannels, Kernel, _depthwiseOptions, "depthwiseWeights");
        var geometry = problem.Geometry;
        DepthwiseConvProblem.RequireOutputFits(problem.Batch, OutputChannels, geometry, nameof(input));

        // The scratch of one band: its middle rows and the expanded rows one output row reads.
        var middleRow = SeparableConvJob.MiddleRowLength(geometry.OutputWidth, ExpandedChannels, problem.Lanes);
        var expandedRows = (((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height + 1) * geometry.InputWidth
            * DepthwiseConvKernel.Blocks(ExpandedChannels, problem.Lanes) * problem.Lanes;
        if (middleRow > Array.MaxLength - 64 || expandedRows > Array.MaxLength - 64)
        {
            throw new ArgumentException(
                $"an image {geometry.InputWidth} pixels wide with {ExpandedChannels} expanded channels needs {Math.Max(middleRow, expandedRows)} floats of scratch per band; expected at most {Array.MaxLength - 64}.",
                nameof(input));
        }

        return problem;
    }

    private void CheckOutput(in DepthwiseConvProblem problem, Tensor input, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!HasOutputShape(problem, output))
        {
            throw new ArgumentException($"output is {output}; expected shape {Tensor.FormatShape(OutputShape(problem))} in the input's layout {problem.Layout}.", nameof(output));
        }

        if (output.Span.Overlaps(input.Span))
        {
            throw new ArgumentException("output shares memory with the input; expected a separate output tensor.", nameof(output));
        }
    }

    private void CheckResidual(in DepthwiseConvProblem problem, Tensor? residual, Tensor output)
    {
        if (residual is null)
        {
            return;
        }

        if (!HasOutputShape(problem, residual))
        {
            throw new ArgumentException($"residual is {residual}; expected the output's shape {Tensor.FormatShape(OutputShape(problem))} in the input's layout {problem.Layout}.", nameof(residual));
        }

        if (residual.Span.Overlaps(output.Span))
        {
            throw new ArgumentException("residual shares memory with the output; expected a separate output tensor.", nameof(residual));
        }
    }

    private bool HasOutputShape(in DepthwiseConvProblem problem, Tensor tensor)
    {
        var geometry = problem.Geometry;
        ReadOnlySpan<int> expected = problem.Layout == TensorLayout.Nchw
            ? [problem.Batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [problem.Batch, geometry.OutputHeight, geometry.OutputWidth, OutputChannels];
        return tensor.Layout == problem.Layout && tensor.Shape.SequenceEqual(expected);
    }

    // Only for messages: allocates.
    private int[] OutputShape(in DepthwiseConvProblem problem)
    {
        var geometry = problem.Geometry;
        return problem.Layout == TensorLayout.Nchw
            ? [problem.Batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [problem.Batch, geometry.OutputHeight, geometry.OutputWidth, OutputChannels];
    }

    private void Run(in DepthwiseConvProblem problem, Tensor input, Tensor? residual, Tensor output)
    {
        fixed (float* inputStart = input.Span)
        fixed (float* outputStart = output.Span)
        fixed (float* residualStart = residual is null ? default : residual.Span)
        fixed (float* expandWeights = _expandPacked.Span)
        fixed (float* expandBias = _expandBias)
        {
            _separable.Run(problem, inputStart, outputStart, Expansion(expandWeights, expandBias), residualStart);
        }
    }

    // The expansion stage over the plan's pinned weights (packed, and row-major where it reads them so).
    private SeparableConvExpansion Expansion(float* packedWeights, float* bias) =>
        new(packedWeights, bias, Options.ExpandActivation, InputChannels, _expandRowMajor is null ? null : PinnedScratch.AlignedStart(_expandRowMajor));

    // weights (C, Cin) row-major → Wᵀ (Cin, C) row-major, in a pinned array from a 64-byte boundary (PinnedScratch.AlignedStart)
    private static float[] RowMajorTranspose(ReadOnlySpan<float> weights, int channels, int inputChannels)
    {
        var transposed = PinnedScratch.AllocatePinned((nint)channels * inputChannels);
        var start = PinnedScratch.AlignedOffset(transposed);
        for (var channel = 0; channel < channels; channel++)
        {
            for (var k = 0; k < inputChannels; k++)
            {
                transposed[start + (k * channels) + channel] = weights[(channel * inputChannels) + k];
            }
        }

        return transposed;
    }
}
