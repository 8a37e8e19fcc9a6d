using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A validated grouped convolution: everything <see cref="Conv2d"/> and <see cref="PointwiseConv2d"/> check once before
/// handing spans to a kernel.
/// </summary>
internal readonly record struct Conv2dProblem(
    int Batch,
    int InputChannels,
    int OutputChannels,
    int Groups,
    ConvGeometry Geometry,
    Activation Activation,
    int Threads,
    TensorLayout Layout)
{
    /// <summary>Checks the tensors and settings of a grouped convolution and computes its geometry.</summary>
    /// <param name="input">Input (N, Cin, H, W) in either layout.</param>
    /// <param name="weightShape">The weights' shape, for messages; its logical shape is given by the next three arguments.</param>
    /// <param name="outputChannels">Cout (weights dimension 0).</param>
    /// <param name="weightChannels">Input channels per group the weights hold (weights dimension 1).</param>
    /// <param name="kernel">kH × kW.</param>
    /// <param name="bias">Optional bias (Cout).</param>
    /// <param name="groups">Groups g.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="dilation">Dilation.</param>
    /// <param name="padding">Padding rule.</param>
    /// <param name="activation">Fused activation.</param>
    /// <param name="threads">Requested threads (0 = default).</param>
    /// <param name="threadsParameter">Name of the parameter that carried <paramref name="threads"/>.</param>
    /// <returns>The validated problem with threads resolved.</returns>
    public static Conv2dProblem Create(
        Tensor input,
        ReadOnlySpan<int> weightShape,
        int outputChannels,
        int weightChannels,
        Size2D kernel,
        Tensor? bias,
        int groups,
        Size2D stride,
        Size2D dilation,
        Padding padding,
        Activation activation,
        int threads,
        string threadsParameter)
    {
        input.RequireRank4(nameof(input));
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be at least 1; got {groups}.");
        }

        var inputChannels = input.Channels;
        if (inputChannels % groups != 0)
        {
            throw new ArgumentException(
                $"input channels Cin = {inputChannels} are not divisible by groups g = {groups}; expected Cin to be a multiple of g.", nameof(groups));
        }

        if (outputChannels % groups != 0)
        {
            throw new ArgumentException(
                $"output channels Cout = {outputChannels} (weights dimension 0) are not divisible by groups g = {groups}; expected Cout to be a multiple of g.",
                nameof(groups));
        }

        if (weightChannels != inputChannels / groups)
        {
            throw new ArgumentException(
                $"weights {Tensor.FormatShape(weightShape)} hold {weightChannels} input channels per group (dimension 1); expected Cin / g = {inputChannels} / {groups} = {inputChannels / groups}.",
                "weights");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != outputChannels))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({outputChannels}), one value per output channel.", nameof(bias));
        }

        if (threads < 0)
        {
            throw new ArgumentOutOfRangeException(threadsParameter, threads, $"threads is {threads}; expected 0 (default) or at least 1.");
        }

        var geometry = ConvGeometry.Create(input.Height, input.Width, kernel, stride, dilation, padding);

        // Every index a kernel forms stays below the padded extent, so it must fit an int.
        var paddedHeight = (long)geometry.InputHeight + geometry.PadTop + geometry.PadBottom;
        var paddedWidth = (long)geometry.InputWidth + geometry.PadLeft + geometry.PadRight;
        if (paddedHeight > int.MaxValue || paddedWidth > int.MaxValue)
        {
            throw new ArgumentException(
                $"padded input {paddedHeight}x{paddedWidth} (pads {geometry.PadTop},{geometry.PadLeft},{geometry.PadBottom},{geometry.PadRight}) is too large; expected each padded side to be at most {int.MaxValue}.",
                nameof(padding));
        }

        var outputLength = (long)input.Batch * outputChannels * geometry.OutputPixels;
        if (outputLength > Array.MaxLength)
        {
            throw new ArgumentException(
                $"output ({input.Batch}, {outputChannels}, {geometry.OutputHeight}, {geometry.OutputWidth}) would have {outputLength} elements; expected at most {Array.MaxLength}.",
                nameof(input));
        }

        return new Conv2dProblem(input.Batch, inputChannels, outputChannels, groups, geometry, activation, Parallelism.Resolve(threads), input.Layout);
    }

    /// <summary>A zero-filled output tensor of the right shape and layout.</summary>
    /// <returns>The tensor.</returns>
    public Tensor CreateOutput() => Tensor.Image(Batch, OutputChannels, Geometry.OutputHeight, Geometry.OutputWidth, Layout);

    /// <summary>Checks a caller-supplied output tensor.</summary>
    /// <param name="output">The output.</param>
    /// <param name="input">The input (must not be the same tensor).</param>
    /// <param name="weights">The weights (must not be the same tensor), or null when a plan holds its own copy.</param>
    public void CheckOutput(Tensor output, Tensor input, Tensor? weights)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlySpan<int> expected = Layout == TensorLayout.Nchw
            ? [Batch, OutputChannels, Geometry.OutputHeight, Geometry.OutputWidth]
            : [Batch, Geometry.OutputHeight, Geometry.OutputWidth, OutputChannels];
        if (output.Layout != Layout || !output.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"output has shape {Tensor.FormatShape(output.Shape)} {output.Layout}; expected {Tensor.FormatShape(expected)} {Layout}.", nameof(output));
        }

        if (ReferenceEquals(output, input) || ReferenceEquals(output, weights))
        {
            throw new ArgumentException("output is the same tensor as the input or the weights; expected a separate tensor.", nameof(output));
        }
    }

    /// <summary>Runs the optimized convolution.</summary>
    /// <param name="input">Validated input.</param>
    /// <param name="weights">Weights in PyTorch order (Cout, Cin/g, kH, kW), any rank with that element order.</param>
    /// <param name="bias">Optional bias.</param>
    /// <param name="output">Validated output.</param>
    public void Run(Tensor input, Tensor weights, Tensor? bias, Tensor output) =>
        Run(input, weights.Span, [], bias is null ? [] : bias.Span, output);

    /// <summary>Runs the optimized convolution, with weights a plan has prepacked.</summary>
    /// <param name="input">Validated input.</param>
    /// <param name="weights">Weights in PyTorch order (Cout, Cin/g, kH, kW).</param>
    /// <param name="packedWeights">The weights packed by <see cref="PointwiseConvKernel.PackWeights"/>, or empty to pack per call when needed.</param>
    /// <param name="bias">Bias (Cout) or empty.</param>
    /// <param name="output">Validated output.</param>
    public void Run(Tensor input, ReadOnlySpan<float> weights, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Tensor output)
    {
        GroupedConvKernel.Forward(
            input.Span, weights, packedWeights, bias, output.Span,
            Batch, InputChannels, OutputChannels, Groups, Geometry, Activation, Layout, Threads);
    }

    /// <summary>Runs the scalar reference convolution.</summary>
    /// <param name="input">Validated input.</param>
    /// <param name="weights">Weights in PyTorch order.</param>
    /// <param name="bias">Optional bias.</param>
    /// <returns>A new output tensor.</returns>
    public Tensor RunReference(Tensor input, Tensor weights, Tensor? bias)
    {
        var output = CreateOutput();
        GroupedConvReference.Forward(
            input.Span, weights.Span, bias is null ? [] : bias.Span, output.Span,
            Batch, InputChannels, OutputChannels, Groups, Geometry, Activation, Layout);
        return output;
    }
}
