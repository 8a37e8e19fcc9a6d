using Depthwise.Onnx.Import;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>The graph passes rewrite what they should (node counts) and keep the outputs (ORT agreement).</summary>
public sealed class GraphPassTests
{
    private static float[] Values(int count, int seed, float low = -1, float high = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => low + ((high - low) * (float)random.NextDouble()))];
    }

    // Conv → BN → Mul(scalar) → Add(per-channel) → Add(3) → Clip(0,6) → Mul → Div(6): PP-LCNet's block, spelled out.
    private static byte[] LcNetBlock() => new ModelBuilder(10).Input("x", 1, 4, 9, 8)
        .Initializer("W", Values(4 * 9, 1, -2, 2), 4, 1, 3, 3)
        .Initializer("s", Values(4, 2), 4).Initializer("b", Values(4, 3), 4).Initializer("m", Values(4, 4), 4).Initializer("v", Values(4, 5, 0.5f, 2), 4)
        .Initializer("scale", [1.25f]).Initializer("shift", Values(4, 6), 1, 4, 1, 1)
        .Initializer("three", [3f]).Initializer("six", [6f])
        .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 4), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 1))
        .Node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"])
        .Node("Mul", ["n", "scale"], ["ns"]).Node("Add", ["shift", "ns"], ["na"])
        .Node("Add", ["na", "three"], ["a"]).Node("Clip", ["a"], ["r"], Attr.Float("min", 0), Attr.Float("max", 6))
        .Node("Mul", ["na", "r"], ["m1"]).Node("Div", ["m1", "six"], ["y"])
        .Output("y").Build();

    [Fact]
    public void Conv_batchnorm_affine_and_spelled_hardswish_become_one_conv()
    {
        var model = OnnxModel.Load(LcNetBlock());
        Assert.Equal(new Dictionary<string, int> { ["Conv"] = 1 }, model.OperatorCounts);
        OrtOracle.AssertAgrees(LcNetBlock(), new Dictionary<string, int[]> { ["x"] = [1, 4, 9, 8] });
    }

    [Fact]
    public void ConvTranspose_bias_add_batchnorm_and_relu_become_one_conv_transpose()
    {
        // The PaddleOCR DB head: ConvTranspose 2×2 stride 2 → Add(bias (1,C,1,1)) → BatchNormalization → Relu.
        var bytes = new ModelBuilder(11).Input("x", 1, 4, 5, 6)
            .Initializer("W", Values(4 * 3 * 2 * 2, 1), 4, 3, 2, 2).Initializer("bias", Values(3, 2), 1, 3, 1, 1)
            .Initializer("s", Values(3, 3), 3).Initializer("b", Values(3, 4), 3).Initializer("m", Values(3, 5), 3).Initializer("v", Values(3, 6, 0.5f, 2), 3)
            .Node("ConvTranspose", ["x", "W"], ["t"], Attr.Ints("strides", 2, 2))
            .Node("Add", ["t", "bias"], ["a"]).Node("BatchNormalization", ["a", "s", "b", "m", "v"], ["n"]).Node("Relu", ["n"], ["y"])
            .Output("y").Build();
        Assert.Equal(new Dictionary<string, int> { ["ConvTranspose"] = 1 }, OnnxModel.Load(bytes).OperatorCounts);
        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [1, 4, 5, 6] });
    }

    [Fact]
    public void Elementwise_chains_fuse_into_one_pass()
    {
        // Relu → Mul(scalar) → Add(scalar) (a learnable affine block after an activation), then x + x·gate per channel.
        var bytes = new ModelBuilder(13).Input("x", 1, 4, 6, 5).Input("g", 1, 4, 1, 1)
            .Initializer("scale", [1.5f], 1).Initializer("shift", [-0.25f])
            .Node("Relu", ["x"], ["r"]).Node("Mul", ["scale", "r"], ["m"]).Node("Add", ["m", "shift"], ["a"])
            .Node("Mul", ["a", "g"], ["ag"]).Node("Add", ["ag", "a"], ["y"])
            .Output("y").Build();
        var model = OnnxModel.Load(bytes);
        Assert.Equal(new Dictionary<string, int> { ["GatedResidual"] = 1, ["Relu"] = 1, ["ScaleShift"] = 1 }, model.OperatorCounts);
        var shapes = new Dictionary<string, int[]> { ["x"] = [1, 4, 6, 5], ["g"] = [1, 4, 1, 1] };
        OrtOracle.AssertAgrees(bytes, shapes);

        // Bit for bit the unfused chain: the fused kernels round the product before adding, as Mul then Add do.
        var inputs = new Dictionary<string, Depthwise.Tensors.Tensor>
        {
            ["x"] = new([.. Values(120, 7, -2, 2)], [1, 4, 6, 5]),
            ["g"] = new([.. Values(4, 8)], [1, 4, 1, 1]),
        };
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false }).Run(inputs)["y"].Span.ToArray();
        Assert.Equal(unfused, model.Run(inputs)["y"].Span.ToArray());
    }

    [Theory]
    [InlineData(13, "nearest", 2)]
    [InlineData(13, "linear", 2)]
    [InlineData(11, "nearest", 4)]
    [InlineData(10, "nearest", 2)]
    public void Add_of_a_resize_fuses_into_one_pass(int opset, string mode, int factor)
    {
        // A pyramid's top-down step: Relu(lateral) + Resize(Relu(top)), the lateral computed after the Resize (node order),
        // and a broadcast Add of a second Resize ((1, 3, 1, 1) → one row) that must still broadcast (its bound kernel declines).
        var builder = new ModelBuilder(opset).Input("top", 1, 3, 4, 5).Input("lateral", 1, 3, 4 * factor, 5 * factor).Input("bias", 1, 3, 1, 1)
            .Initializer("scales", [1f, 1f, factor, factor], 4).Initializer("rows", [1f, 1f, 1f, 5 * factor], 4).Initializer("roi", [], 0);
        string[] resizeInputs = opset >= 11 ? ["rt", "roi", "scales"] : ["rt", "scales"];
        string[] biasInputs = opset >= 11 ? ["bias", "roi", "rows"] : ["bias", "rows"];
        var bytes = builder
            .Node("Relu", ["top"], ["rt"])
            .Node("Resize", resizeInputs, ["up"], Attr.String("mode", mode))
            .Node("Relu", ["lateral"], ["rl"])
            .Node("Add", ["rl", "up"], ["sum"])
            .Node("Resize", biasInputs, ["bias_up"], Attr.String("mode", "nearest"))
            .Node("Add", ["bias_up", "sum"], ["y"])
            .Output("y").Build();
        var model = OnnxModel.Load(bytes);
        Assert.Equal(new Dictionary<string, int> { ["Relu"] = 2, ["ResizeAdd"] = 2 }, model.OperatorCounts);
        var shapes = new Dictionary<string, int[]> { ["top"] = [1, 3, 4, 5], ["lateral"] = [1, 3, 4 * factor, 5 * factor], ["bias"] = [1, 3, 1, 1] };
        OrtOracle.AssertAgrees(bytes, shapes);

        // Bit for bit the unfused pair, on one call and on the plan's later calls.
        var inputs = new Dictionary<string, Depthwise.Tensors.Tensor>
        {
            ["top"] = new([.. Values(60, 9, -2, 2)], [1, 3, 4, 5]),
            ["lateral"] = new([.. Values(60 * factor * factor, 10, -2, 2)], [1, 3, 4 * factor, 5 * factor]),
            ["bias"] = new([.. Values(3, 11)], [1, 3, 1, 1]),
        };
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false }).Run(inputs)["y"].Span.ToArray();
        Assert.Equal(unfused, model.Run(inputs)["y"].Span.ToArray());
        Assert.Equal(unfused, model.Run(inputs)["y"].Span.ToArray());
        Assert.Equal(1, model.DescribePlan(inputs).FallbackSteps);
    }

    [Fact]
    public void A_chain_whose_product_is_read_twice_is_not_fused()
    {
        var bytes = new ModelBuilder(13).Input("x", 1, 4, 6, 5).Initializer("scale", [1.5f]).Initializer("shift", [-0.25f])
            .Node("Mul", ["x", "scale"], ["m"]).Node("Add", ["m", "shift"], ["a"]).Node("Add", ["a", "m"], ["y"])
            .Output("y").Build();
        Assert.Equal(new Dictionary<string, int> { ["Add"] = 2, ["Mul"] = 1 }, OnnxModel.Load(bytes).OperatorCounts);
    }

    [Fact]
    public void Without_passes_every_node_runs()
    {
        var model = OnnxModel.Load(LcNetBlock(), new OnnxModelOptions { Optimize = false });
        Assert.Equal(8, model.OperatorCounts.Values.Sum());
    }

    [Fact]
    public void Constant_subgraphs_fold_and_dead_nodes_go()
    {
        var bytes = new ModelBuilder(13).Input("x", 2, 3)
            .Initializer("a", [1, 2, 3], 3).Initializer("b", [4, 5, 6], 3)
            .Node("Mul", ["a", "b"], ["ab"]).Node("Sqrt", ["ab"], ["r"])
            .Node("Add", ["x", "r"], ["y"]).Node("Relu", ["x"], ["unused"])
            .Output("y").Build();
        var model = OnnxModel.Load(bytes);
        Assert.Equal(new Dictionary<string, int> { ["Add"] = 1 }, model.OperatorCounts);
        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [2, 3] });
    }

    [Fact]
    public void A_conv_output_read_twice_is_not_fused()
    {
        var bytes = new ModelBuilder(13).Input("x", 1, 2, 5, 5).Initializer("W", Values(2 * 9, 1), 2, 1, 3, 3)
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 2)).Node("Relu", ["c"], ["r"]).Node("Add", ["c", "r"], ["y"])
            .Output("y").Build();
        Assert.Equal(3, OnnxModel.Load(bytes).OperatorCounts.Values.Sum());
        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [1, 2, 5, 5] });
    }
}
