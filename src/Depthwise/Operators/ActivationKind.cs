namespace Depthwise.Operators;

/// <summary>The elementwise function applied to a convolution's output, fused into the kernel.</summary>
public enum ActivationKind
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>min(max(x, 0), 6).</summary>
    Relu6,

    /// <summary>x · relu6(x + 3) / 6 (MobileNetV3).</summary>
    HardSwish,

    /// <summary>min(max(x, Min), Max).</summary>
    Clip,
}
