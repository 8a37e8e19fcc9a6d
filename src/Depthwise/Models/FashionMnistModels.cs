using Depthwise.Nn;

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
}
