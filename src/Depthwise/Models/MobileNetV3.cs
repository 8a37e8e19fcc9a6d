using Depthwise.Geometry;
using Depthwise.Nn;
using Conv2dOptions = Depthwise.Operators.Conv2dOptions;

namespace Depthwise.Models;

/// <summary>
/// MobileNetV3-Large and -Small (Howard et al. 2019, Tables 1 and 2): a 3×3 stride-2 convolution to 16 channels with
/// hard-swish, inverted residual blocks with 3×3 or 5×5 depthwise kernels, optional squeeze-and-excitation and ReLU
/// or hard-swish, a 1×1 convolution, global average pooling and a two-layer classifier (linear + hard-swish + dropout
/// + linear).
/// </summary>
/// <remarks>
/// As in the reference implementations: squeeze-and-excitation sits after the depthwise convolution with
/// <c>MakeDivisible(expanded / 4, 8)</c> bottleneck channels, ReLU and a hard-sigmoid gate; the expansion convolution
/// is omitted when the expansion equals the input channels; batch normalization uses ε = 0.001 and momentum 0.01;
/// the paper's last two 1×1 "NBN" convolutions act on a 1×1 map and are linear layers with bias.
/// The width multiplier α scales channels as the paper's reference implementation (TF-Slim, Keras) does, which is
/// what its Table 3 figures for α = 0.75 measure: stem and block outputs <c>MakeDivisible(c × α, 8)</c>, each
/// expansion <c>MakeDivisible(scaled input × (expanded / input at α = 1), 8)</c>, the last convolution
/// <c>MakeDivisible(6 × scaled input, 8)</c>, and the classifier's hidden width (1280 or 1024) scaled only when α &gt; 1.
/// At α = 1 this is exactly torchvision's network (torchvision scales every count, including the hidden width, by α).
/// Module and parameter names are torchvision's (<c>features.4.block.2.fc1.weight</c>, <c>classifier.3.weight</c>).
/// </remarks>
public static class MobileNetV3
{
    private const float BatchNormEpsilon = 1e-3f;
    private const float BatchNormMomentum = 0.01f;

    // Table 1 (Large): kernel, expanded channels, output channels, SE, hard-swish, stride.
    private static readonly BlockSpecification[] LargeBlocks =
    [
        new(3, 16, 16, false, false, 1),
        new(3, 64, 24, false, false, 2),
        new(3, 72, 24, false, false, 1),
        new(5, 72, 40, true, false, 2),
        new(5, 120, 40, true, false, 1),
        new(5, 120, 40, true, false, 1),
        new(3, 240, 80, false, true, 2),
        new(3, 200, 80, false, true, 1),
        new(3, 184, 80, false, true, 1),
        new(3, 184, 80, false, true, 1),
        new(3, 480, 112, true, true, 1),
        new(3, 672, 112, true, true, 1),
        new(5, 672, 160, true, true, 2),
        new(5, 960, 160, true, true, 1),
        new(5, 960, 160, true, true, 1),
    ];

    // Table 2 (Small).
    private static readonly BlockSpecification[] SmallBlocks =
    [
        new(3, 16, 16, true, false, 2),
        new(3, 72, 24, false, false, 2),
        new(3, 88, 24, false, false, 1),
        new(5, 96, 40, true, true, 2),
        new(5, 240, 40, true, true, 1),
        new(5, 240, 40, true, true, 1),
        new(5, 120, 48, true, true, 1),
        new(5, 144, 48, true, true, 1),
        new(5, 288, 96, true, true, 2),
        new(5, 576, 96, true, true, 1),
        new(5, 576, 96, true, true, 1),
    ];

    /// <summary>Builds MobileNetV3-Large (last convolution 960, classifier hidden width 1280), initialized by <see cref="Initialization.Default"/> unless <see cref="MobileNetOptions.InitializeWeights"/> is false.</summary>
    /// <param name="options">Width, classes, seed, dropout; null for the defaults.</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    public static Sequential CreateLarge(MobileNetOptions? options = null) => Build(options, LargeBlocks, 1280);

    /// <summary>Builds MobileNetV3-Small (last convolution 576, classifier hidden width 1024), initialized by <see cref="Initialization.Default"/> unless <see cref="MobileNetOptions.InitializeWeights"/> is false.</summary>
    /// <param name="options">Width, classes, seed, dropout; null for the defaults.</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    public static Sequential CreateSmall(MobileNetOptions? options = null) => Build(options, SmallBlocks, 1024);

    private static Sequential Build(MobileNetOptions? options, BlockSpecification[] blocks, int hiddenFeatures)
    {
        options ??= MobileNetOptions.Default;
        options.Validate();
        int Scale(int channels) => ChannelRounding.MakeDivisible(channels * options.Width);

        var channels = Scale(16);
        var channelsAtUnitWidth = 16;
        var features = new Sequential(ConvBatchNormActivation(3, channels, 3, 2, hardSwish: true));
        foreach (var block in blocks)
        {
            // The reference scales the expansion as a ratio of the (already scaled) input, not as a channel count.
            var expanded = ChannelRounding.MakeDivisible(channels * (double)block.ExpandedChannels / channelsAtUnitWidth);
            var output = Scale(block.OutputChannels);
            features.Append(Block(channels, expanded, output, block));
            channels = output;
            channelsAtUnitWidth = block.OutputChannels;
        }

        var lastChannels = ChannelRounding.MakeDivisible(6 * channels);
        features.Append(ConvBatchNormActivation(channels, lastChannels, 1, 1, hardSwish: true));
        var hidden = ChannelRounding.MakeDivisible(hiddenFeatures * Math.Max(1.0, options.Width));
        var classifier = new Sequential(
            new Linear(lastChannels, hidden),
            new HardSwish(),
            new Dropout(options.Dropout, options.Seed),
            new Linear(hidden, options.Classes));
        var model = new Sequential()
            .Append("features", features)
            .Append("avgpool", new GlobalAveragePool())
            .Append("flatten", new Flatten())
            .Append("classifier", classifier);
        if (options.InitializeWeights)
        {
            Initialization.Default(model, options.Seed);
        }

        return model;
    }

    private static InvertedResidual Block(int inputChannels, int expandedChannels, int outputChannels, BlockSpecification block)
    {
        var body = new Sequential();
        if (expandedChannels != inputChannels)
        {
            body.Append(ConvBatchNormActivation(inputChannels, expandedChannels, 1, 1, block.HardSwish));
        }

        body.Append(ConvBatchNormActivation(expandedChannels, expandedChannels, block.Kernel, block.Stride, block.HardSwish, depthwise: true));
        if (block.SqueezeExcitation)
        {
            body.Append(new SqueezeExcitation(expandedChannels, ChannelRounding.MakeDivisible(expandedChannels / 4)));
        }

        body.Append(new Sequential(
            new PointwiseConv2d(expandedChannels, outputChannels, bias: false),
            new BatchNorm2d(outputChannels, BatchNormEpsilon, BatchNormMomentum)));
        return new InvertedResidual(body, useResidual: block.Stride == 1 && inputChannels == outputChannels, bodyName: "block");
    }

    // torchvision's Conv2dNormActivation: convolution without bias, BN, activation; padding (k − 1)/2 on every side.
    private static Sequential ConvBatchNormActivation(int inputChannels, int outputChannels, int kernel, int stride, bool hardSwish, bool depthwise = false)
    {
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.Explicit((kernel - 1) / 2) };
        Module convolution = depthwise
            ? new DepthwiseConv2d(inputChannels, kernel, bias: false, options: options)
            : kernel == 1 && stride == 1
                ? new PointwiseConv2d(inputChannels, outputChannels, bias: false)
                : new Conv2d(inputChannels, outputChannels, kernel, bias: false, options: options);
        return new Sequential(
            convolution,
            new BatchNorm2d(outputChannels, BatchNormEpsilon, BatchNormMomentum),
            hardSwish ? new HardSwish() : new Relu());
    }

    private readonly record struct BlockSpecification(int Kernel, int ExpandedChannels, int OutputChannels, bool SqueezeExcitation, bool HardSwish, int Stride);
}
