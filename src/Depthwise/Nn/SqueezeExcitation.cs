using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Squeeze-and-excitation (Hu et al. 2018, as used by MobileNetV3): pool each channel to one value, pass the vector
/// through a 1×1 bottleneck (<c>fc1</c>, activation, <c>fc2</c>) and a gate, and scale each channel of the input by
/// its gate value. Child names follow torchvision: <c>avgpool</c>, <c>fc1</c>, <c>fc2</c>, <c>activation</c>,
/// <c>scale_activation</c>.
/// </summary>
public sealed class SqueezeExcitation : Module
{
    private Tensor? _input;
    private Tensor? _scales;

    /// <summary>Creates the block with biased 1×1 convolutions (zero weights; see <see cref="Initialization"/>).</summary>
    /// <param name="channels">C, the channels scaled (≥ 1).</param>
    /// <param name="squeezeChannels">Bottleneck width (≥ 1); MobileNetV3 uses C/4 rounded to a multiple of 8.</param>
    /// <param name="activation">Bottleneck activation; null for <see cref="Relu"/>.</param>
    /// <param name="gate">Gate; null for <see cref="HardSigmoid"/> (MobileNetV3) — <see cref="Sigmoid"/> is the original.</param>
    public SqueezeExcitation(int channels, int squeezeChannels, Module? activation = null, Module? gate = null)
    {
        Pool = AddChild("avgpool", new GlobalAveragePool());
        Reduce = AddChild("fc1", new PointwiseConv2d(channels, squeezeChannels, bias: true));
        Expand = AddChild("fc2", new PointwiseConv2d(squeezeChannels, channels, bias: true));
        Activation = AddChild("activation", activation ?? new Relu());
        Gate = AddChild("scale_activation", gate ?? new HardSigmoid());
    }

    /// <summary>The squeeze: global average pooling.</summary>
    public GlobalAveragePool Pool { get; }

    /// <summary>The reducing 1×1 convolution, C → squeeze channels.</summary>
    public PointwiseConv2d Reduce { get; }

    /// <summary>The expanding 1×1 convolution, squeeze channels → C.</summary>
    public PointwiseConv2d Expand { get; }

    /// <summary>The bottleneck activation.</summary>
    public Module Activation { get; }

    /// <summary>The gate that turns the expanded vector into per-channel scales.</summary>
    public Module Gate { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → scales (N, C, 1, 1) → output (N, C, H, W)
        var scales = Gate.Forward(Expand.Forward(Activation.Forward(Reduce.Forward(Pool.Forward(input)))));
        (_input, _scales) = IsTraining ? (input, scales) : (null, null);
        return Elementwise.ScaleChannels(input, scales);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C, H, W) → gradScales (N, C, 1, 1) → gradInput (N, C, H, W): the scaled gradient plus the gate path's
        var input = RequireCache(_input);
        var scales = RequireCache(_scales);
        var (gradInput, gradScales) = Elementwise.ScaleChannelsBackward(input, scales, gradOutput);
        (_input, _scales) = (null, null);
        var gatePath = Pool.Backward(Reduce.Backward(Activation.Backward(Expand.Backward(Gate.Backward(gradScales)))));
        return Elementwise.Add(gradInput, gatePath);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Described as one layer (type <c>SqueezeExcitation</c>, detail <c>C→S→C</c>), as the MobileNetV3 tables list it: the
    /// two 1×1 layers' parameters and multiply-adds; the final channel scale's N·C·H·W multiplies are not multiply-adds
    /// and are not counted.
    /// </remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        Shapes.RequireImage(inputShape, Reduce.InputChannels, nameof(SqueezeExcitation));
        var shape = inputShape.ToArray();
        // The scale reads the input and one gate value per image and channel, and writes the output.
        var scale = Shapes.Elementwise("Mul", inputShape).Cost;
        var cost = scale with { BytesRead = scale.BytesRead + (sizeof(float) * (long)inputShape[0] * inputShape[1]) };
        foreach (var module in new[] { Pool, Reduce, Activation, Expand, Gate })
        {
            var layer = module.Describe(shape);
            cost += layer.Cost;
            shape = layer.OutputShapeArray();
        }

        var detail = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Reduce.InputChannels}→{Reduce.OutputChannels}→{Expand.OutputChannels}");
        return LayerCost.Leaf(nameof(SqueezeExcitation), detail, inputShape, inputShape, cost);
    }
}
