using Depthwise.Nn;

namespace Depthwise.Models;

/// <summary>
/// A MobileNetV2-style network for 28×28 grayscale images: the paper's inverted residual blocks (1×1 expansion, 3×3
/// depthwise, linear 1×1 projection, residual when the shape allows) with fewer, narrower stages and a stride-1 stem,
/// so the 28×28 input is only reduced to 7×7.
/// </summary>
public static class MobileNetV2Small
{
    // Expansion t, output channels c, repeats n, first stride s — Table 2 of the paper cut to three reductions' worth.
    private static readonly (int Expansion, int Channels, int Repeats, int Stride)[] Stages =
    [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 2, 1),
    ];

    private const int StemChannels = 16;
    private const int LastChannels = 256;

    /// <summary>Creates the network.</summary>
    /// <param name="classes">Output classes (≥ 1).</param>
    /// <param name="seed">Seed of the weight initialization and the dropout mask.</param>
    /// <param name="dropout">Dropout before the classifier, in [0, 1).</param>
    /// <returns>The model, in training mode: input (N, 1, 28, 28) → logits (N, classes).</returns>
    public static Sequential Create(int classes = 10, int seed = 0, double dropout = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var features = new Sequential(MobileNetV2.ConvBatchNormRelu6(1, StemChannels, 3, stride: 1, groups: 1));
        var channels = StemChannels;
        foreach (var (expansion, output, repeats, stride) in Stages)
        {
            for (var i = 0; i < repeats; i++)
            {
                features.Append(MobileNetV2.Block(channels, output, i == 0 ? stride : 1, expansion));
                channels = output;
            }
        }

        features.Append(MobileNetV2.ConvBatchNormRelu6(channels, LastChannels, 1, stride: 1, groups: 1));
        var model = new Sequential()
            .Append("features", features)
            .Append("avgpool", new GlobalAveragePool())
            .Append("flatten", new Flatten())
            .Append("classifier", new Sequential(new Dropout(dropout, seed), new Linear(LastChannels, classes)));
        Initialization.Default(model, seed);
        return model;
    }
}
