namespace Depthwise.Visualization.Animation;

/// <summary>One kernel tap of one output value: the input value under it (0 on padding), its weight, and their product.</summary>
/// <param name="KernelRow">Tap row in the kernel.</param>
/// <param name="KernelColumn">Tap column in the kernel.</param>
/// <param name="InputRow">Input row under the tap; outside 0…H−1 on padding.</param>
/// <param name="InputColumn">Input column under the tap; outside 0…W−1 on padding.</param>
/// <param name="IsPadding">Whether the tap falls on padding.</param>
/// <param name="Input">The input value (0 on padding).</param>
/// <param name="Weight">The kernel weight.</param>
public readonly record struct TapProduct(int KernelRow, int KernelColumn, int InputRow, int InputColumn, bool IsPadding, float Input, float Weight)
{
    /// <summary>Input × weight.</summary>
    public float Product => Input * Weight;
}
