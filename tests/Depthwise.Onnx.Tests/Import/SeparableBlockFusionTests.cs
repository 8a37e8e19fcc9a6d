using Depthwise.Models;
using Depthwise.Onnx.Export;
using Depthwise.Onnx.Import;
using Depthwise.Onnx.Tests.Export;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>
/// The separable-block pass: depthwise → 1×1 chains become SeparableConv, 1×1 → depthwise → 1×1 [→ Add] chains
/// InvertedResidual, only where the intermediates have no other reader; the fused steps give the unfused graph's bits.
/// </summary>
public sealed class SeparableBlockFusionTests
{
    private static float[] Values(int count, int seed, float low = -1, float high = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => low + ((high - low) * (float)random.NextDouble()))];
    }

    // x (1, 8, H, W) → [1×1 8→24, ReLU6] → [3×3 depthwise, stride s, ReLU6] → [1×1 24→8] (+ x when s = 1)
    // → [3×3 depthwise 8, ReLU] → [1×1 8→12, ReLU6]: an inverted residual block, then a depthwise-separable one.
    private static byte[] Blocks(int stride, bool extraReader = false)
    {
        var builder = new ModelBuilder(13).SymbolicInput("x", 4)
            .Initializer("We", Values(24 * 8, 1), 24, 8, 1, 1).Initializer("Be", Values(24, 2), 24)
            .Initializer("Wd", Values(24 * 9, 3), 24, 1, 3, 3).Initializer("Bd", Values(24, 4), 24)
            .Initializer("Wp", Values(8 * 24, 5), 8, 24, 1, 1)
            .Initializer("Wd2", Values(8 * 9, 6), 8, 1, 3, 3).Initializer("Bd2", Values(8, 7), 8)
            .Initializer("Wp2", Values(12 * 8, 8), 12, 8, 1, 1).Initializer("Bp2", Values(12, 9), 12)
            .Initializer("zero", [0f]).Initializer("six", [6f])
            .Node("Conv", ["x", "We", "Be"], ["e"])
            .Node("Clip", ["e", "zero", "six"], ["er"])
            .Node("Conv", ["er", "Wd", "Bd"], ["d"], Attr.Int("group", 24), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", stride, stride))
            .Node("Clip", ["d", "zero", "six"], ["dr"])
            .Node("Conv", ["dr", "Wp"], ["p"]);
        var blockOutput = "p";
        if (stride == 1)
        {
            builder.Node("Add", ["x", "p"], ["r"]);
            blockOutput = "r";
        }

        builder.Node("Conv", [blockOutput, "Wd2", "Bd2"], ["d2"], Attr.Int("group", 8), Attr.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["d2"], ["d2r"])
            .Node("Conv", ["d2r", "Wp2", "Bp2"], ["y"], Attr.Ints("pads", 0, 0, 0, 0))
            .Node("Clip", ["y", "zero", "six"], ["yr"])
            .Output("yr");
        if (extraReader)
        {
            builder.Node("Relu", ["er"], ["side"]).Output("side");
        }

        return builder.Build();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public void Blocks_fuse_and_give_the_unfused_bits(int stride, int threads)
    {
        var bytes = Blocks(stride);
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        Assert.Equal(new Dictionary<string, int> { ["InvertedResidual"] = 1, ["SeparableConv"] = 1 }, model.OperatorCounts);
        Assert.Equal(0, model.DescribePlan(Input(1, 1, 8, 19, 14)).FallbackSteps);

        // Without the passes every Conv, Clip, Relu and Add runs on its own: the same operations, so the same bits,
        // on the first call (which builds the plan) and on later ones; images tall enough for several bands.
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false, Threads = 1 });
        foreach (var inputs in new[] { Input(2, 1, 8, 19, 14), Input(3, 2, 8, 64, 30), Input(4, 1, 8, 19, 14) })
        {
            Assert.Equal(unfused.Run(inputs)["yr"].Span.ToArray(), model.Run(inputs)["yr"].Span.ToArray());
        }

        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [2, 8, 23, 17] }, options: new OnnxModelOptions { Threads = threads });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_separable_block_with_a_large_intermediate_runs_fused_and_gives_the_unfused_bits(int threads)
    {
        // 16 × 160² floats = 1.6 MiB between the two Convs: above the size where SeparableConv runs as two operators.
        var bytes = new ModelBuilder(13).SymbolicInput("x", 4)
            .Initializer("Wd", Values(16 * 9, 1), 16, 1, 3, 3).Initializer("Bd", Values(16, 2), 16)
            .Initializer("Wp", Values(8 * 16, 3), 8, 16, 1, 1)
            .Node("Conv", ["x", "Wd", "Bd"], ["d"], Attr.Int("group", 16), Attr.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["d"], ["dr"])
            .Node("Conv", ["dr", "Wp"], ["y"])
            .Output("y").Build();
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        Assert.Equal(new Dictionary<string, int> { ["SeparableConv"] = 1 }, model.OperatorCounts);
        var inputs = Input(6, 1, 16, 160, 160);
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false, Threads = 1 }).Run(inputs)["y"].Span.ToArray();
        Assert.Equal(unfused, model.Run(inputs)["y"].Span.ToArray());
        Assert.Equal(unfused, model.Run(inputs)["y"].Span.ToArray());
    }

    // x (1, 3, H, W) → [Conv 3→C 3×3 stride 2, ReLU6] → [3×3 depthwise C → C·M, ReLU6] → [1×1 C·M→16] → y: a stem, then a
    // separable block; `stemAlsoOutput` makes the stem's output a graph output as well.
    private static byte[] StemAndSeparable(int channels, bool stemAlsoOutput = false, int multiplier = 1)
    {
        var middle = channels * multiplier;
        var builder = new ModelBuilder(13).SymbolicInput("x", 4)
            .Initializer("Ws", Values(channels * 27, 11), channels, 3, 3, 3).Initializer("Bs", Values(channels, 12), channels)
            .Initializer("Wd", Values(middle * 9, 13), middle, 1, 3, 3).Initializer("Bd", Values(middle, 14), middle)
            .Initializer("Wp", Values(16 * middle, 15), 16, middle, 1, 1)
            .Initializer("zero", [0f]).Initializer("six", [6f])
            .Node("Conv", ["x", "Ws", "Bs"], ["s"], Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2))
            .Node("Clip", ["s", "zero", "six"], ["sr"])
            .Node("Conv", ["sr", "Wd", "Bd"], ["d"], Attr.Int("group", channels), Attr.Ints("pads", 1, 1, 1, 1))
            .Node("Clip", ["d", "zero", "six"], ["dr"])
            .Node("Conv", ["dr", "Wp"], ["y"])
            .Output("y");
        if (stemAlsoOutput)
        {
            builder.Output("sr");
        }

        return builder.Build();
    }

    [Theory]
    [InlineData(32, 224, 224, 1)] // MobileNetV2's stem and first block
    [InlineData(32, 224, 224, 2)]
    [InlineData(20, 290, 282, 1)] // channels not a multiple of a register (a partial pair, an overlapping last block)
    [InlineData(20, 290, 282, 2)]
    public void A_stem_runs_inside_the_separable_block_after_it_with_the_unfused_bits(int channels, int height, int width, int threads)
    {
        var bytes = StemAndSeparable(channels);
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        Assert.Equal(new Dictionary<string, int> { ["Conv"] = 1, ["SeparableConv"] = 1 }, model.OperatorCounts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal((0, 1), model.DescribePlan(Input(20, 1, 3, height, width)) is var plan ? (plan.ChannelsLastHandoffs, plan.FusedStems) : default);

        // The first call builds the plan (planar stem output), the later ones run the stem inside the block.
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false, Threads = 1 });
        foreach (var seed in new[] { 21, 22, 21 })
        {
            var inputs = Input(seed, 1, 3, height, width);
            Assert.Equal(unfused.Run(inputs)["y"].Span.ToArray(), model.Run(inputs)["y"].Span.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_stem_before_a_block_with_a_depth_multiplier_hands_its_output_over_channels_last_instead(int threads)
    {
        // The block's depthwise stage reads each stem channel into two lanes: it cannot read the stem's rows in place as
        // expanded rows, so the stem keeps its step and writes channels-last for the block.
        var bytes = StemAndSeparable(16, multiplier: 2);
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        Assert.Equal((1, 0), model.DescribePlan(Input(25, 1, 3, 224, 224)) is var plan ? (plan.ChannelsLastHandoffs, plan.FusedStems) : default);
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false, Threads = 1 });
        foreach (var seed in new[] { 26, 27 })
        {
            var inputs = Input(seed, 1, 3, 224, 224);
            Assert.Equal(unfused.Run(inputs)["y"].Span.ToArray(), model.Run(inputs)["y"].Span.ToArray());
        }
    }

    [Fact]
    public void A_stem_output_that_is_also_a_graph_output_stays_planar()
    {
        var bytes = StemAndSeparable(32, stemAlsoOutput: true);
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 1 });
        Assert.Equal(0, model.DescribePlan(Input(23, 1, 3, 224, 224)).ChannelsLastHandoffs);
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false, Threads = 1 });
        var inputs = Input(24, 1, 3, 224, 224);
        var expected = unfused.Run(inputs);
        var actual = model.Run(inputs);
        Assert.Equal(expected["sr"].Span.ToArray(), actual["sr"].Span.ToArray());
        Assert.Equal(expected["y"].Span.ToArray(), actual["y"].Span.ToArray());
    }

    [Fact]
    public void An_intermediate_with_another_reader_keeps_its_convolutions()
    {
        var bytes = Blocks(1, extraReader: true);
        var model = OnnxModel.Load(bytes);

        // The expansion's output is also read by the side Relu: the depthwise → 1×1 pair fuses alone.
        Assert.Equal(new Dictionary<string, int> { ["Add"] = 1, ["Conv"] = 1, ["Relu"] = 1, ["SeparableConv"] = 2 }, model.OperatorCounts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary());
        var inputs = Input(5, 1, 8, 12, 10);
        var unfused = OnnxModel.Load(bytes, new OnnxModelOptions { Optimize = false });
        Assert.Equal(unfused.Run(inputs)["yr"].Span.ToArray(), model.Run(inputs)["yr"].Span.ToArray());
    }

    [Fact]
    public void MobileNetV2_runs_every_block_fused_and_reports_every_convolution()
    {
        var network = ModelCatalog.Create(ModelCatalog.MobileNetV2Name, new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 3 });
        ModelRandomizer.Randomize(network, seed: 4);
        network.Eval();
        var bytes = OnnxExporter.ExportBytes(network, [1, 3, 64, 64]);
        var model = OnnxModel.Load(bytes);

        // 17 blocks: the first has no expansion; 10 of the other 16 add their input back.
        Assert.Equal(1, model.OperatorCounts["SeparableConv"]);
        Assert.Equal(16, model.OperatorCounts["InvertedResidual"]);
        Assert.False(model.OperatorCounts.ContainsKey("Add"));
        var inputs = new Dictionary<string, DwTensor> { ["input"] = ModelRandomizer.Input(new Random(5), 1, 3, 64, 64) };
        Assert.Equal(52, model.DescribeConvolutions(inputs).Count);
        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["input"] = [1, 3, 64, 64] });
    }

    private static Dictionary<string, DwTensor> Input(int seed, params int[] shape) =>
        new() { ["x"] = new DwTensor(Values(shape.Aggregate(1, (p, d) => p * d), seed, -2, 2), shape) };
}
