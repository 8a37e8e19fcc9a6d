using Depthwise.Geometry;

namespace Depthwise.Cli.Comparison;

/// <summary>One layer to compare four ways: an input image, a square kernel, stride, padding, multiplier, output channels.</summary>
internal sealed record ComparisonSetup(int Height, int Width, int Channels, int Kernel, Size2D Stride, Padding Padding, int Multiplier, int OutputChannels, int Threads)
{
    public string InputText => $"{Height}×{Width}×{Channels}";
}
