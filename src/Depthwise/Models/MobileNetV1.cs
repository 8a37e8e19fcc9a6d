using Depthwise.Geometry;
using Depthwise.Nn;
using Conv2dOptions = Depthwise.Operators.Conv2dOptions;

namespace Depthwise.Models;

/// <summary>
/// MobileNetV1 (Howard et al. 2017, Table 1): a 3×3 stride-2 convolution to 32 channels, 13 depthwise-separable
/// layers (3×3 depthwise + BN + ReLU, 1×1 pointwise + BN + ReLU), global average pooling and a fully connected
/// classifier — and its "standard convolution" twin (Table 4), in which every separable layer is one full 3×3
/// convolution. Channel counts are scaled by α as TF-Slim's reference does (<see cref="ChannelRounding.Truncate"/>).
/// </summary>
/// <remarks>
/// The table's last depthwise layer is printed as stride 2, but a 7×7 input stays 7×7 there (the reference
/// implementation uses stride 1), which is what we build. Convolutions have no bias (batch normalization follows);
/// padding is 1 on every side of every 3×3 convolution. Module names: <c>features.0</c> (stem),
/// <c>features.1</c> … <c>features.13</c> (separable layers: <c>.0</c> depthwise, <c>.1</c> BN, <c>.2</c> ReLU, <c>.3</c>
/// pointwise, <c>.4</c> BN, <c>.5</c> ReLU), <c>avgpool</c>, <c>flatten</c>, <c>classifier</c>.
/// </remarks>
public static class MobileNetV1
{
    // Output channels and stride of the 13 separable layers (Table 1 of the paper, last stride corrected to 1).
    private static readonly (int Channels, int Stride)[] SeparableLayers =
    [
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
        (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
        (1024, 2), (1024, 1),
    ];

    /// <summary>Builds MobileNetV1 with depthwise-separable layers, initialized by <see cref="Initialization.Default"/> unless <see cref="MobileNetOptions.InitializeWeights"/> is false.</summary>
    /// <param name="options">Width, classes, seed; null for the defaults (<see cref="MobileNetOptions.Dropout"/> is not used).</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    public static Sequential Create(MobileNetOptions? options = null) => Build(options, separable: true);

    /// <summary>Builds the standard-convolution twin: each separable layer replaced by a 3×3 convolution + BN + ReLU with the same channels and stride.</summary>
    /// <param name="options">Width, classes, seed; null for the defaults.</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    public static Sequential CreateStandardConvolution(MobileNetOptions? options = null) => Build(options, separable: false);

    private static Sequential Build(MobileNetOptions? options, bool separable)
    {
        options ??= MobileNetOptions.Default;
        options.Validate();
        var channels = ChannelRounding.Truncate(32, options.Width);
        var features = new List<Module> { ConvBatchNormRelu(3, channels, 2) };
        foreach (var (outputChannels, stride) in SeparableLayers)
        {
            var output = ChannelRounding.Truncate(outputChannels, options.Width);
            features.Add(separable ? Separable(channels, output, stride) : ConvBatchNormRelu(channels, output, stride));
            channels = output;
        }

        var model = new Sequential()
            .Append("features", new Sequential([.. features]))
            .Append("avgpool", new GlobalAveragePool())
            .Append("flatten", new Flatten())
            .Append("classifier", new Linear(channels, options.Classes));
        if (options.InitializeWeights)
        {
            Initialization.Default(model, options.Seed);
        }

        return model;
    }

    private static Sequential ConvBatchNormRelu(int inputChannels, int outputChannels, int stride) => new(
        new Conv2d(inputChannels, outputChannels, 3, bias: false, options: ThreeByThree(stride)),
        new BatchNorm2d(outputChannels),
        new Relu());

    private static Sequential Separable(int inputChannels, int outputChannels, int stride) => new(
        new DepthwiseConv2d(inputChannels, 3, bias: false, options: ThreeByThree(stride)),
        new BatchNorm2d(inputChannels),
        new Relu(),
        new PointwiseConv2d(inputChannels, outputChannels, bias: false),
        new BatchNorm2d(outputChannels),
        new Relu());

    private static Conv2dOptions ThreeByThree(int stride) => new() { Stride = stride, Padding = Padding.Explicit(1) };
}
