using Depthwise.Onnx.Import;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Per-layer reporting: geometry and MACs of each Conv, computed here by hand from the shapes.</summary>
public sealed class DescribeConvolutionsTests
{
    [Fact]
    public void Reports_depthwise_and_pointwise_layers_as_they_ran()
    {
        var bytes = new ModelBuilder(13).SymbolicInput("x", 4)
            .Initializer("dw", new float[6 * 25], 6, 1, 5, 5).Initializer("pw", new float[8 * 6], 8, 6, 1, 1)
            .Node("Conv", ["x", "dw"], ["d"], Attr.Int("group", 6), Attr.Ints("strides", 2, 1), Attr.Ints("pads", 2, 2, 2, 2))
            .Node("Relu", ["d"], ["r"])
            .Node("Conv", ["r", "pw"], ["y"]).Output("y").Build();
        var model = OnnxModel.Load(bytes);
        var layers = model.DescribeConvolutions(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([2, 6, 13, 9]) });

        Assert.Equal(2, layers.Count);
        var depthwise = layers[0];
        Assert.True(depthwise.IsDepthwise);
        Assert.Equal(1, depthwise.Multiplier);
        Assert.Equal("relu", depthwise.Activation.ToString());
        Assert.Equal((13 + 4 - 5) / 2 + 1, depthwise.Geometry.OutputHeight);
        Assert.Equal(9, depthwise.Geometry.OutputWidth);
        Assert.Equal(6L * 25, depthwise.Cost.Parameters);
        Assert.Equal(2L * 6 * 7 * 9 * 25, depthwise.Cost.Macs);

        var pointwise = layers[1];
        Assert.False(pointwise.IsDepthwise);
        Assert.Equal(2L * 8 * 7 * 9 * 6, pointwise.Cost.Macs);
    }
}
