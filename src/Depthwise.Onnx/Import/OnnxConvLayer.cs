using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;

namespace Depthwise.Onnx.Import;

/// <summary>One Conv node of a loaded model as it runs for a given input: shapes, geometry, fused activation and cost.</summary>
/// <param name="NodeName">The node's name in the file (the name of the Conv a pass fused into, if any).</param>
/// <param name="Batch">N.</param>
/// <param name="InputChannels">Cin.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Groups">The group attribute.</param>
/// <param name="Geometry">Input and output size, kernel, stride, dilation and the four pads.</param>
/// <param name="Activation">The activation a graph pass fused into it.</param>
/// <param name="HasBias">Whether it adds a bias (after passes, folded BatchNormalization adds one).</param>
/// <param name="Cost">Parameters, MACs and bytes from <see cref="CostModel"/>.</param>
public sealed record OnnxConvLayer(
    string NodeName, int Batch, int InputChannels, int OutputChannels, int Groups, ConvGeometry Geometry, Activation Activation, bool HasBias, OpCost Cost)
{
    /// <summary>Depthwise: one group per input channel (group == Cin), each with Cout/Cin output channels.</summary>
    public bool IsDepthwise => Groups == InputChannels;

    /// <summary>Output channels per input channel of a depthwise layer (the depth multiplier M).</summary>
    public int Multiplier => OutputChannels / InputChannels;
}
