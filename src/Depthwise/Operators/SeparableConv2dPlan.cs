using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// A depthwise-separable block with constant weights, prepared once by <see cref="SeparableConv2d.Prepare"/> and run
/// fused: per band of output rows, the depthwise stage (bias and activation included) writes all C·M channels of the
/// band into a per-thread buffer that stays in L2, and the pointwise GEMM (bias and activation included) consumes it
/// right away, writing the final output. The intermediate (N, C·M, Ho, Wo) tensor never exists.
/// </summary>
/// <remarks>
/// <para>
/// Both stages' weights are packed at construction: the depthwise filters into the kernel's channel blocks and the
/// pointwise Wᵀ into GEMM panels (W is also kept as it is, for NCHW blocks whose GEMM runs with pixels in the vectors). Input is (N, C, H, W) or (N, H, W, C) according to its <see cref="Tensor.Layout"/>, and
/// the output uses the same layout. C may be any divisor of <see cref="MiddleChannels"/> (depth multiplier M = C·M / C);
/// H, W and N may change from call to call.
/// </para>
/// <para>
/// Results are bit-identical for any thread count, and to running <see cref="DepthwiseConv2d"/> then
/// <see cref="PointwiseConv2d"/> with the same weights and options: every depthwise output is computed by the same
/// operations, and every pointwise output is its bias plus one fused multiply-add per middle channel in increasing order.
/// </para>
/// <para>
/// Thread safety: a plan is immutable after construction and its scratch is per thread, so any number of threads may
/// call <see cref="Forward(Tensor, Tensor)"/> on one plan at the same time (each with its own output).
/// Allocation: <see cref="Forward(Tensor, Tensor)"/> allocates nothing once the calling threads' scratch has grown.
/// </para>
/// </remarks>
public sealed unsafe class SeparableConv2dPlan
{
    private readonly float[] _depthwisePacked;
    private readonly int _depthwiseWeightsLength;
    private readonly PrepackedWeights _pointwisePacked;
    private readonly float[] _pointwiseRowMajor;
    private readonly float[]? _pointwiseBias;
    private readonly Conv2dOptions _depthwiseOptions;
    private readonly int _lanes;

    internal SeparableConv2dPlan(Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, SeparableConv2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(depthwiseWeights);
        ArgumentNullException.ThrowIfNull(pointwiseWeights);
        ArgumentNullException.ThrowIfNull(options);
        ValidateDepthwise(depthwiseWeights, depthwiseBias);
        MiddleChannels = depthwiseWeights.Shape[0];
        ValidatePointwise(pointwiseWeights, pointwiseBias, MiddleChannels);
        RequireAtLeastOne(options.Stride, "options.Stride");
        RequireAtLeastOne(options.Dilation, "options.Dilation");
        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (default) or at least 1.");
        }

        OutputChannels = pointwiseWeights.Shape[0];
        Kernel = new Size2D(depthwiseWeights.Shape[2], depthwiseWeights.Shape[3]);
        Options = options;
        _depthwiseOptions = options.DepthwiseOptions;

        _lanes = SimdWidth.For(MiddleChannels);
        var taps = Kernel.Height * Kernel.Width;
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(MiddleChannels, _lanes);
        _depthwiseWeightsLength = checked(packedBlocks * taps * _lanes);
        var biasLength = packedBlocks * _lanes;
        _depthwisePacked = PinnedScratch.AllocatePinned(checked(_depthwiseWeightsLength + biasLength));
        var start = PinnedScratch.AlignedStart(_depthwisePacked);
        DepthwiseConvKernel.PackWeights(
            depthwiseWeights.Span, depthwiseBias is null ? default : depthwiseBias.Span, MiddleChannels, taps, _lanes,
            new Span<float>(start, _depthwiseWeightsLength), new Span<float>(start + _depthwiseWeightsLength, biasLength));

        _pointwisePacked = new PrepackedWeights(pointwiseWeights.Span, MiddleChannels, OutputChannels, 1);
        _pointwiseRowMajor = GC.AllocateUninitializedArray<float>(pointwiseWeights.Length, pinned: true);
        pointwiseWeights.Span.CopyTo(_pointwiseRowMajor);
        if (pointwiseBias is not null)
        {
            _pointwiseBias = GC.AllocateUninitializedArray<float>(OutputChannels, pinned: true);
            pointwiseBias.Span.CopyTo(_pointwiseBias);
        }
    }

    /// <summary>Channels between the two stages, C·M (the depthwise weights' dimension 0 and the pointwise Cin).</summary>
    public int MiddleChannels { get; }

    /// <summary>Output channels Cout (the pointwise weights' dimension 0).</summary>
    public int OutputChannels { get; }

    /// <summary>Depthwise kernel rows and columns.</summary>
    public Size2D Kernel { get; }

    /// <summary>The geometry, activations and threads the plan runs with.</summary>
    public SeparableConv2dOptions Options { get; }

    /// <summary>Runs the block into a new tensor.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C), C dividing <see cref="MiddleChannels"/>.</param>
    /// <returns>(N, Cout, Ho, Wo) stored in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input has the wrong rank or channel count, or the kernel does not fit it.</exception>
    public Tensor Forward(Tensor input)
    {
        // input (N, C, H, W), depthwise (C*M, 1, kH, kW), pointwise (Cout, C*M) → output (N, Cout, Ho, Wo), in input's layout
        var problem = Validate(input);
        var output = Tensor.Image(problem.Batch, OutputChannels, problem.Geometry.OutputHeight, problem.Geometry.OutputWidth, problem.Layout);
        Run(problem, input, output);
        return output;
    }

    /// <summary>Runs the block into a caller-provided tensor; allocates nothing once the calling threads' scratch has grown.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C), C dividing <see cref="MiddleChannels"/>.</param>
    /// <param name="output">(N, Cout, Ho, Wo) in the input's layout; must not share memory with the input.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or the kernel does not fit the input.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, C, H, W), depthwise (C*M, 1, kH, kW), pointwise (Cout, C*M) → output (N, Cout, Ho, Wo), in input's layout
        var problem = Validate(input);
        CheckOutput(problem, input, output);
        Run(problem, input, output);
    }

    private float* DepthwiseWeights => PinnedScratch.AlignedStart(_depthwisePacked);

    private static void RequireAtLeastOne(Size2D value, string name)
    {
        if (value.Height < 1 || value.Width < 1)
        {
            throw new ArgumentOutOfRangeException("options", value, $"{name} is {value}; expected at least 1 along each axis.");
        }
    }

    private static void ValidateDepthwise(Tensor weights, Tensor? bias)
    {
        if (weights.Rank != 4 || weights.Shape[1] != 1)
        {
            throw new ArgumentException(
                $"depthwiseWeights has shape {Tensor.FormatShape(weights.Shape)}; expected a 4-D depthwise filter (C*M, 1, kH, kW) with 1 in dimension 1.", "depthwiseWeights");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != weights.Shape[0]))
        {
            throw new ArgumentException($"depthwiseBias has shape {Tensor.FormatShape(bias.Shape)}; expected ({weights.Shape[0]}), one value per depthwise filter.", "depthwiseBias");
        }
    }

    private static void ValidatePointwise(Tensor weights, Tensor? bias, int middleChannels)
    {
        var shape = weights.Shape;
        if ((weights.Rank != 2 && weights.Rank != 4) || (weights.Rank == 4 && (shape[2] != 1 || shape[3] != 1)) || shape[1] != middleChannels)
        {
            throw new ArgumentException(
                $"pointwiseWeights has shape {Tensor.FormatShape(shape)}; expected (Cout, {middleChannels}, 1, 1) or (Cout, {middleChannels}), {middleChannels} being the depthwise filter count.",
                "pointwiseWeights");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != shape[0]))
        {
            throw new ArgumentException($"pointwiseBias has shape {Tensor.FormatShape(bias.Shape)}; expected ({shape[0]}), one value per output channel.", "pointwiseBias");
        }

        if (!PrepackedWeights.Fits(middleChannels, shape[0], 1))
        {
            throw new ArgumentException($"pointwiseWeights {Tensor.FormatShape(shape)} are too large to pack; expected at most {Array.MaxLength} floats once padded.", "pointwiseWeights");
        }
    }

    private DepthwiseConvProblem Validate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = DepthwiseConvProblem.Create(input, MiddleChannels, Kernel, _depthwiseOptions, nameof(input));
        var geometry = problem.Geometry;
        DepthwiseConvProblem.RequireOutputFits(problem.Batch, OutputChannels, geometry, nameof(input));

        var middleRow = SeparableConvJob.MiddleRowLength(geometry.OutputWidth, MiddleChannels, problem.Lanes);
        if (middleRow > Array.MaxLength - 64)
        {
            throw new ArgumentException(
                $"an output row of {geometry.OutputWidth} pixels × {MiddleChannels} middle channels needs {middleRow} floats of scratch; expected at most {Array.MaxLength - 64}.",
                nameof(input));
        }

        return problem;
    }

    private void CheckOutput(in DepthwiseConvProblem problem, Tensor input, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var geometry = problem.Geometry;
        ReadOnlySpan<int> expected = problem.Layout == TensorLayout.Nchw
            ? [problem.Batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [problem.Batch, geometry.OutputHeight, geometry.OutputWidth, OutputChannels];
        if (output.Layout != problem.Layout || !output.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException($"output is {output}; expected shape {Tensor.FormatShape(expected)} in the input's layout {problem.Layout}.", nameof(output));
        }

        if (output.Span.Overlaps(input.Span))
        {
            throw new ArgumentException("output shares memory with the input; expected a separate output tensor.", nameof(output));
        }
    }

    private void Run(in DepthwiseConvProblem problem, Tensor input, Tensor output)
    {
        fixed (float* inputStart = input.Span)
        fixed (float* outputStart = output.Span)
        {
            Run(problem, inputStart, outputStart, default, null);
        }
    }

    /// <summary>
    /// Validates a call on these tensors once and returns it ready to run on their contents again and again, without
    /// validating or partitioning per call: what execution plans bind to buffers of fixed shapes.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward(Tensor, Tensor)"/>.</exception>
    /// <param name="input">The input.</param>
    /// <param name="output">The output.</param>
    /// <param name="channelsLastInput">Whether an NCHW call reads its input's data as (N, H, W, C) instead (a plan's
    /// stem writes it so), still writing NCHW; the same bits as reading the NCHW data.</param>
    internal Action Bind(Tensor input, Tensor output, bool channelsLastInput = false)
    {
        // input (N, C, H, W) [data (N, H, W, C) when channelsLastInput], depthwise (C*M, 1, kH, kW), pointwise (Cout, C*M) → output (N, Cout, Ho, Wo), in input's layout
        var problem = Validate(input);
        CheckOutput(problem, input, output);
        if (channelsLastInput && problem.Layout != TensorLayout.Nchw)
        {
            throw new ArgumentException($"input is {input}; a channels-last input is only read in place of an NCHW one.", nameof(input));
        }

        var call = Prepare(problem, default, this, channelsLastInput ? TensorLayout.Nhwc : null);
        return () =>
        {
            fixed (float* inputStart = input.Span)
            fixed (float* outputStart = output.Span)
            {
                call.Run(inputStart, outputStart, null);
            }
        };
    }

    /// <summary>
    /// Binds the block with the stem that writes its input run inside it, band by band (<see cref="SeparableConvExpansion.FromStem"/>):
    /// the stem's output rows go channels-last into the block's expanded-rows scratch, where the depthwise stage reads
    /// them while they are in cache, and the stem's output tensor is neither written nor read. Every element gets the
    /// bits of the stem and then the block run one after the other. Null when the pair cannot be fused: the stem cannot
    /// write channels-last, its output is not this block's input shape, or the block is not NCHW with depth multiplier 1.
    /// </summary>
    /// <param name="stem">The stem's bound call (its weights are packed again channels-last for the fused call).</param>
    /// <param name="input">The stem's output, this block's input (only its shape is used).</param>
    /// <param name="output">The block's output.</param>
    /// <param name="stemInput">The stem's input on each run (the plan's buffer or the caller's tensor).</param>
    /// <returns>The fused call, or null.</returns>
    /// <exception cref="ArgumentException">As <see cref="Forward(Tensor, Tensor)"/>.</exception>
    internal Action? BindAfterStem(ConvCall stem, Tensor input, Tensor output, Func<Tensor> stemInput)
    {
        // stem input (N, Cin, Hs, Ws) → [stem rows, channels-last, per band] → depthwise (C, 1, kH, kW), pointwise (Cout, C) → output (N, Cout, Ho, Wo)
        var problem = Validate(input);
        CheckOutput(problem, input, output);
        var stemProblem = stem.Problem;
        var stemGeometry = stemProblem.Geometry;
        var geometry = problem.Geometry;
        if (problem.Layout != TensorLayout.Nchw || problem.Dimensions.DepthMultiplier != 1 || stem.ChannelsLastOutput() is not { } channelsLast
            || stemProblem.Batch != problem.Batch || stemProblem.OutputChannels != problem.Dimensions.Channels
            || stemGeometry.OutputHeight != geometry.InputHeight || stemGeometry.OutputWidth != geometry.InputWidth)
        {
            return null;
        }

        // The block's output must not be the buffer the stem reads while the block writes.
        if (stemInput().Span.Overlaps(output.Span))
        {
            return null;
        }

        var stemInputLength = (long)stemProblem.Batch * stemProblem.InputChannels * stemGeometry.InputHeight * stemGeometry.InputWidth;
        var call = Prepare(problem, channelsLast.StemExpansion(), (this, channelsLast));
        return () =>
        {
            var stemData = stemInput().Span[..checked((int)stemInputLength)];
            fixed (float* inputStart = stemData)
            fixed (float* outputStart = output.Span)
            {
                call.Run(inputStart, outputStart, null);
            }
        };
    }

    /// <summary>
    /// Runs the block on pinned data, optionally after an expansion (then <paramref name="problem"/> describes the
    /// depthwise stage on the expanded tensor and <paramref name="input"/> is the expansion's input) and adding a residual.
    /// </summary>
    internal void Run(in DepthwiseConvProblem problem, float* input, float* output, in SeparableConvExpansion expansion, float* residual) =>
        Prepare(problem, expansion, this).Run(input, output, residual);

    /// <summary>
    /// Everything a call of <paramref name="problem"/> decides before it runs (threads, bands, partition), for data
    /// pointers given to <see cref="SeparableConvCall.Run"/>.
    /// </summary>
    /// <param name="problem">The depthwise stage's problem.</param>
    /// <param name="expansion">The expansion before it, or none.</param>
    /// <param name="owner">The object that keeps this plan and the expansion's arrays alive: the call holds it.</param>
    /// <param name="inputLayout">The input's layout when it differs from the problem's (see <see cref="SeparableConvJob.InputLayout"/>).</param>
    internal SeparableConvCall Prepare(in DepthwiseConvProblem problem, in SeparableConvExpansion expansion, object owner, TensorLayout? inputLayout = null)
    {
        var geometry = problem.Geometry;

        // Small blocks run on the calling thread, as each operator alone would (DepthwiseConvProblem.SingleThreadMultiplyAdds).
        var multiplyAdds = ((long)problem.Batch * geometry.OutputPixels * MiddleChannels * (geometry.Taps + OutputChannels))
            + ((long)problem.Batch * geometry.InputHeight * geometry.InputWidth * MiddleChannels * expansion.Depth);
        var threads = multiplyAdds < DepthwiseConvProblem.SingleThreadMultiplyAdds ? 1 : problem.Threads;
        var depthwiseWeights = DepthwiseWeights;

        // The weights live in pinned arrays this plan keeps, so their addresses stay valid after the fixed blocks for as
        // long as the plan lives, which the call's owner guarantees.
        fixed (float* pointwiseWeights = _pointwisePacked.Span)
        fixed (float* pointwiseRowMajor = _pointwiseRowMajor)
        fixed (float* pointwiseBias = _pointwiseBias)
        {
            var job = new SeparableConvJob(
                null, null, depthwiseWeights, depthwiseWeights + _depthwiseWeightsLength, pointwiseWeights, pointwiseRowMajor, pointwiseBias, problem.Layout,
                problem.Batch, problem.Dimensions, _lanes, OutputChannels, Options.PointwiseActivation, threads, expansion, inputLayout: inputLayout);
            return new SeparableConvCall(job, DepthwiseConvJob.TapsFor(geometry), Options.DepthwiseActivation, threads, owner);
        }
    }
}
