using Depthwise.Nn;
using Depthwise.Training;

namespace Depthwise.Models;

/// <summary>The models <c>depthwise train</c> knows for 28×28 grayscale images, by name.</summary>
public static class FashionMnistModels
{
    /// <summary>The small CNN with standard convolutions (<see cref="SmallCnn.CreateStandard"/>).</summary>
    public const string StandardCnnName = "standard-cnn";

    /// <summary>Its depthwise-separable twin (<see cref="SmallCnn.CreateSeparable"/>).</summary>
    public const string SeparableCnnName = "separable-cnn";

    /// <summary>The MobileNetV2-style network (<see cref="MobileNetV2Small"/>).</summary>
    public const string MobileNetV2SmallName = "mobilenet-v2-small";

    /// <summary>Every name, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [StandardCnnName, SeparableCnnName, MobileNetV2SmallName];

    /// <summary>Builds a model by name for ten classes.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="seed">Seed of the initialization.</param>
    /// <returns>The model: input (N, 1, 28, 28) → logits (N, 10).</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Sequential Create(string name, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            StandardCnnName => SmallCnn.CreateStandard(10, seed),
            SeparableCnnName => SmallCnn.CreateSeparable(10, seed),
            MobileNetV2SmallName => MobileNetV2Small.Create(10, seed),
            _ => throw new ArgumentException($"model '{name}' is unknown; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// The recipe measured for a model on Fashion-MNIST: optimizer, peak learning rate, weight decay, label smoothing,
    /// batch and the epochs that fit a 15-minute budget on a 2-core machine (see docs/training.md for the runs).
    /// </summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <returns>The options <c>depthwise train</c> starts from; its flags override single fields.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static TrainerOptions Recipe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            StandardCnnName or SeparableCnnName => new TrainerOptions
            {
                Epochs = 17,
                BatchSize = 64,
                Optimizer = OptimizerKind.Sgd,
                LearningRate = 0.05,
                WeightDecay = 5e-4,
                LabelSmoothing = 0,
            },
            MobileNetV2SmallName => new TrainerOptions
            {
                Epochs = 10,
                BatchSize = 64,
                Optimizer = OptimizerKind.Sgd,
                LearningRate = 0.05,
                WeightDecay = 5e-4,
                LabelSmoothing = 0.1,
            },
            _ => throw new ArgumentException($"model '{name}' is unknown; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
