using Depthwise.Nn;

namespace Depthwise.Models;

/// <summary>The networks the library can build by name — the names the <c>depthwise cost</c> and <c>export</c> verbs accept.</summary>
public static class ModelCatalog
{
    /// <summary>MobileNetV1.</summary>
    public const string MobileNetV1Name = "mobilenet-v1";

    /// <summary>MobileNetV1's standard-convolution twin.</summary>
    public const string MobileNetV1StandardName = "mobilenet-v1-standard";

    /// <summary>MobileNetV2.</summary>
    public const string MobileNetV2Name = "mobilenet-v2";

    /// <summary>MobileNetV3-Large.</summary>
    public const string MobileNetV3LargeName = "mobilenet-v3-large";

    /// <summary>MobileNetV3-Small.</summary>
    public const string MobileNetV3SmallName = "mobilenet-v3-small";

    /// <summary>Every name, in the order the papers introduced the networks.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [MobileNetV1Name, MobileNetV1StandardName, MobileNetV2Name, MobileNetV3LargeName, MobileNetV3SmallName];

    /// <summary>Builds a network by name.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="options">Width, classes, seed, dropout; null for the defaults.</param>
    /// <returns>The network, in training mode; input (N, 3, H, W), output (N, classes).</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Sequential Create(string name, MobileNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            MobileNetV1Name => MobileNetV1.Create(options),
            MobileNetV1StandardName => MobileNetV1.CreateStandardConvolution(options),
            MobileNetV2Name => MobileNetV2.Create(options),
            MobileNetV3LargeName => MobileNetV3.CreateLarge(options),
            MobileNetV3SmallName => MobileNetV3.CreateSmall(options),
            _ => throw new ArgumentException($"model '{name}' is unknown; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
