using Depthwise.Geometry;
using Depthwise.Nn;
using Conv2dOptions = Depthwise.Operators.Conv2dOptions;

namespace Depthwise.Models;

/// <summary>
/// A small CNN for 28×28 grayscale images (Fashion-MNIST) and its depthwise-separable twin, the pair that measures the
/// trade-off: five 3×3 convolutions (32, 32, 64, 64, 128 channels, each with batch normalization and ReLU), 2×2 max
/// pooling after the second and fourth, global average pooling and one linear classifier.
/// </summary>
/// <remarks>
/// The twin keeps the first convolution (one input channel: nothing to separate) and replaces every later 3×3
/// convolution by a 3×3 depthwise convolution and a 1×1 pointwise one, each followed by batch normalization and ReLU as
/// in MobileNet V1. At 28×28 the standard network has about 140 thousand parameters and 22 million multiply-adds, the
/// twin about a seventh of both.
/// </remarks>
public static class SmallCnn
{
    private static readonly int[] Widths = [32, 32, 64, 64, 128];

    /// <summary>The network with standard 3×3 convolutions.</summary>
    /// <param name="classes">Output classes (≥ 1).</param>
    /// <param name="seed">Seed of the weight initialization.</param>
    /// <returns>The model, in training mode: input (N, 1, 28, 28) → logits (N, classes).</returns>
    public static Sequential CreateStandard(int classes = 10, int seed = 0) => Create(separable: false, classes, seed);

    /// <summary>The same topology with every 3×3 convolution after the first made depthwise + pointwise.</summary>
    /// <param name="classes">Output classes (≥ 1).</param>
    /// <param name="seed">Seed of the weight initialization.</param>
    /// <returns>The model, in training mode: input (N, 1, 28, 28) → logits (N, classes).</returns>
    public static Sequential CreateSeparable(int classes = 10, int seed = 0) => Create(separable: true, classes, seed);

    private static Sequential Create(bool separable, int classes, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var features = new Sequential();
        var channels = 1;
        for (var i = 0; i < Widths.Length; i++)
        {
            features.Append(separable && i > 0 ? SeparableBlock(channels, Widths[i]) : StandardBlock(channels, Widths[i]));
            channels = Widths[i];
            if (i is 1 or 3)
            {
                features.Append(new MaxPool2d(2));
            }
        }

        var model = new Sequential()
            .Append("features", features)
            .Append("avgpool", new GlobalAveragePool())
            .Append("flatten", new Flatten())
            .Append("classifier", new Linear(channels, classes));
        Initialization.Default(model, seed);
        return model;
    }

    private static Sequential StandardBlock(int inputChannels, int outputChannels) =>
        new(new Conv2d(inputChannels, outputChannels, 3, bias: false, options: SamePadding), new BatchNorm2d(outputChannels), new Relu());

    private static Sequential SeparableBlock(int inputChannels, int outputChannels) =>
        new(
            new DepthwiseConv2d(inputChannels, 3, bias: false, options: SamePadding), new BatchNorm2d(inputChannels), new Relu(),
            new PointwiseConv2d(inputChannels, outputChannels, bias: false), new BatchNorm2d(outputChannels), new Relu());

    private static Conv2dOptions SamePadding => new() { Padding = Padding.Explicit(1) };
}
