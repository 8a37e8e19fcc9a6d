using Depthwise.Onnx.Import;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Per-layer reporting of Gemm and MatMul: sizes and MACs computed here by hand from the shapes.</summary>
public sealed class DescribeMatrixProductsTests
{
    [Fact]
    public void Reports_broadcast_matmul_and_transposed_gemm()
    {
        // x (2, 3, 4, 5) · W (5, 6) → (2, 3, 4, 6): six products of 4×5 by 5×6. Then Gemm with transA on a (6, 4) view
        // (the mean over the first two axes, transposed) and transB on a constant (7, 6) weight: 4×6 by 6×7, plus a constant bias of 7.
        var bytes = new ModelBuilder(13).Input("x", 2, 3, 4, 5)
            .Initializer("W", new float[5 * 6], 5, 6)
            .Initializer("G", new float[7 * 6], 7, 6).Initializer("C", new float[7], 7)
            .Node("MatMul", ["x", "W"], ["m"])
            .Node("ReduceMean", ["m"], ["r"], Attr.Ints("axes", 0, 1), Attr.Int("keepdims", 0))
            .Node("Transpose", ["r"], ["t"])
            .Node("Gemm", ["t", "G", "C"], ["y"], Attr.Int("transA", 1), Attr.Int("transB", 1))
            .Output("y").Build();
        var model = OnnxModel.Load(bytes);
        var layers = model.DescribeMatrixProducts(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([2, 3, 4, 5]) });

        Assert.Equal(2, layers.Count);
        var matMul = layers[0];
        Assert.Equal(("MatMul", 6L, 4, 5, 6), (matMul.OpType, matMul.Batch, matMul.Rows, matMul.Inner, matMul.Columns));
        Assert.Equal(6L * 4 * 5 * 6, matMul.Cost.Macs);
        Assert.Equal(5L * 6, matMul.Cost.Parameters);

        var gemm = layers[1];
        Assert.Equal(("Gemm", 1L, 4, 6, 7), (gemm.OpType, gemm.Batch, gemm.Rows, gemm.Inner, gemm.Columns));
        Assert.Equal(4L * 6 * 7, gemm.Cost.Macs);
        Assert.Equal((7L * 6) + 7, gemm.Cost.Parameters);
    }

    [Fact]
    public void Products_of_two_computed_values_have_no_parameters()
    {
        var bytes = new ModelBuilder(13).Input("x", 3, 4).Input("z", 4, 2)
            .Node("MatMul", ["x", "z"], ["y"]).Output("y").Build();
        var model = OnnxModel.Load(bytes);
        var layer = Assert.Single(model.DescribeMatrixProducts(new Dictionary<string, DwTensor>
        {
            ["x"] = new DwTensor([3, 4]),
            ["z"] = new DwTensor([4, 2]),
        }));

        Assert.Equal(0, layer.Cost.Parameters);
        Assert.Equal(3L * 4 * 2, layer.Cost.Macs);
    }
}
