using Depthwise.Geometry;
using Depthwise.Nn;
using Conv2dOptions = Depthwise.Operators.Conv2dOptions;

namespace Depthwise.Models;

/// <summary>
/// MobileNetV2 (Sandler et al. 2018, Table 2): a 3×3 stride-2 convolution to 32 channels, 17 inverted residual
/// blocks (expand 1×1 + BN + ReLU6, depthwise 3×3 + BN + ReLU6, linear project 1×1 + BN, shortcut when stride 1 and
/// channels unchanged), a 1×1 convolution to 1280, global average pooling, dropout and a linear classifier.
/// </summary>
/// <remarks>
/// Channels follow the reference implementations: every count is <c>MakeDivisible(c × α, 8)</c>
/// (<see cref="ChannelRounding.MakeDivisible"/>), and the last convolution keeps 1280 channels when α &lt; 1
/// (<c>MakeDivisible(1280 × max(1, α))</c>). Module and parameter names are torchvision's
/// (<c>features.1.conv.0.0.weight</c>, <c>features.18.1.running_var</c>, <c>classifier.1.weight</c>), so a torchvision
/// state dictionary maps one to one.
/// </remarks>
public static class MobileNetV2
{
    // Table 2: expansion t, output channels c, repeats n, first stride s.
    private static readonly (int Expansion, int Channels, int Repeats, int Stride)[] Stages =
    [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ];

    /// <summary>Builds MobileNetV2, initialized by <see cref="Initialization.Default"/> unless <see cref="MobileNetOptions.InitializeWeights"/> is false.</summary>
    /// <param name="options">Width, classes, seed, dropout; null for the defaults.</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    public static Sequential Create(MobileNetOptions? options = null)
    {
        options ??= MobileNetOptions.Default;
        options.Validate();
        var channels = ChannelRounding.MakeDivisible(32 * options.Width);
        var lastChannels = ChannelRounding.MakeDivisible(1280 * Math.Max(1.0, options.Width));
        var features = new Sequential(ConvBatchNormRelu6(3, channels, 3, stride: 2, groups: 1));
        foreach (var (expansion, stageChannels, repeats, stride) in Stages)
        {
            var output = ChannelRounding.MakeDivisible(stageChannels * options.Width);
            for (var i = 0; i < repeats; i++)
            {
                features.Append(Block(channels, output, i == 0 ? stride : 1, expansion));
                channels = output;
            }
        }

        features.Append(ConvBatchNormRelu6(channels, lastChannels, 1, stride: 1, groups: 1));
        var model = new Sequential()
            .Append("features", features)
            .Append("avgpool", new GlobalAveragePool())
            .Append("flatten", new Flatten())
            .Append("classifier", new Sequential(new Dropout(options.Dropout, options.Seed), new Linear(lastChannels, options.Classes)));
        if (options.InitializeWeights)
        {
            Initialization.Default(model, options.Seed);
        }

        return model;
    }

    internal static InvertedResidual Block(int inputChannels, int outputChannels, int stride, int expansion)
    {
        var hidden = (int)Math.Round((double)inputChannels * expansion, MidpointRounding.ToEven);
        var body = new Sequential();
        if (expansion != 1)
        {
            body.Append(ConvBatchNormRelu6(inputChannels, hidden, 1, stride: 1, groups: 1));
        }

        body.Append(ConvBatchNormRelu6(hidden, hidden, 3, stride, groups: hidden))
            .Append(new PointwiseConv2d(hidden, outputChannels, bias: false))
            .Append(new BatchNorm2d(outputChannels));
        return new InvertedResidual(body, useResidual: stride == 1 && inputChannels == outputChannels, bodyName: "conv");
    }

    // torchvision's Conv2dNormActivation: convolution without bias, BN, ReLU6; padding (k − 1)/2 on every side.
    internal static Sequential ConvBatchNormRelu6(int inputChannels, int outputChannels, int kernel, int stride, int groups)
    {
        Module convolution = kernel == 1 && stride == 1 && groups == 1
            ? new PointwiseConv2d(inputChannels, outputChannels, bias: false)
            : groups == inputChannels && groups == outputChannels
                ? new DepthwiseConv2d(inputChannels, kernel, bias: false, options: Options(kernel, stride))
                : new Conv2d(inputChannels, outputChannels, kernel, groups, bias: false, options: Options(kernel, stride));
        return new Sequential(convolution, new BatchNorm2d(outputChannels), new Relu6());
    }

    private static Conv2dOptions Options(int kernel, int stride) => new() { Stride = stride, Padding = Padding.Explicit((kernel - 1) / 2) };
}
