namespace Depthwise.Models;

/// <summary>The knobs every MobileNet builder takes.</summary>
public sealed record MobileNetOptions
{
    /// <summary>Width multiplier α: every layer's channel count is scaled by it (and rounded as each paper does). Default 1.</summary>
    public double Width { get; init; } = 1.0;

    /// <summary>Classifier outputs. Default 1000 (ImageNet).</summary>
    public int Classes { get; init; } = 1000;

    /// <summary>Seed for <see cref="Nn.Initialization.Default"/> and the dropout masks. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Dropout before the last linear layer in MobileNetV2/V3 (torchvision uses 0.2); MobileNetV1 has none. Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>
    /// Whether the builder initializes the weights (<see cref="Nn.Initialization.Default"/>). Default true; false leaves
    /// them zero — enough for a cost table, or before loading trained weights — and builds much faster for big networks.
    /// </summary>
    public bool InitializeWeights { get; init; } = true;

    /// <summary>The defaults: α = 1, 1000 classes, seed 0, dropout 0.2, initialized weights.</summary>
    public static MobileNetOptions Default { get; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not in (0, 4], the class count is below 1 or the dropout is outside [0, 1).</exception>
    internal void Validate()
    {
        if (!(Width > 0 && Width <= 4))
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"width multiplier is {Width}; expected a value in (0, 4] (the papers use 0.25 to 1.4).");
        }

        if (Classes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Classes), Classes, $"classes is {Classes}; expected at least 1.");
        }

        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, $"dropout is {Dropout}; expected a probability in [0, 1).");
        }
    }
}
