using Depthwise.Models;
using Depthwise.Onnx.Export;
using Depthwise.Onnx.Import;
using Depthwise.Onnx.Tests.Export;
using Depthwise.Tests.Infrastructure;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>
/// The execution plans behind <see cref="OnnxModel.Run(IReadOnlyDictionary{string, DwTensor})"/>: prepared kernels agree
/// with ONNX Runtime, buffers are reused by liveness, a steady-state run allocates nothing, plans follow the input shapes,
/// concurrent runs stay independent, and steps without a kernel still run.
/// </summary>
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public sealed class ExecutionPlanTests
{
    private static float[] Values(int count, int seed, float low = -1, float high = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => low + ((high - low) * (float)random.NextDouble()))];
    }

    // A PP-OCR-det-like graph: stem conv, depthwise + pointwise with a squeeze-excitation gate and a residual, an
    // upsampled branch concatenated back, a ConvTranspose 2×2 stride 2 with its bias Add, BN and Relu, a sigmoid.
    private static byte[] DetLike(bool dynamic = false)
    {
        var builder = new ModelBuilder(14);
        builder = dynamic ? builder.SymbolicInput("x", 4) : builder.Input("x", 1, 3, 16, 20);
        return builder
            .Initializer("W0", Values(8 * 3 * 9, 1), 8, 3, 3, 3).Initializer("B0", Values(8, 2), 8)
            .Initializer("Wd", Values(8 * 9, 3), 8, 1, 3, 3)
            .Initializer("Wp", Values(8 * 8, 4), 8, 8, 1, 1)
            .Initializer("Ws1", Values(4 * 8, 5), 4, 8, 1, 1).Initializer("Ws2", Values(8 * 4, 6), 8, 4, 1, 1)
            .Initializer("Wq", Values(4 * 8 * 9, 7), 4, 8, 3, 3)
            .Initializer("roi", [], 0).Initializer("scales", [1f, 1f, 2f, 2f], 4)
            .Initializer("Wt", Values(12 * 3 * 2 * 2, 8), 12, 3, 2, 2).Initializer("tb", Values(3, 9), 1, 3, 1, 1)
            .Initializer("s", Values(3, 10, 0.5f, 1.5f), 3).Initializer("b", Values(3, 11), 3).Initializer("m", Values(3, 12), 3).Initializer("v", Values(3, 13, 0.5f, 2), 3)
            .Node("Conv", ["x", "W0", "B0"], ["c0"], Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2))
            .Node("Relu", ["c0"], ["r0"])
            .Node("Conv", ["r0", "Wd"], ["d"], Attr.Int("group", 8), Attr.Ints("pads", 1, 1, 1, 1))
            .Node("HardSwish", ["d"], ["dh"])
            .Node("GlobalAveragePool", ["dh"], ["g"])
            .Node("Conv", ["g", "Ws1"], ["g1"]).Node("Relu", ["g1"], ["g2"]).Node("Conv", ["g2", "Ws2"], ["g3"]).Node("HardSigmoid", ["g3"], ["gate"])
            .Node("Mul", ["dh", "gate"], ["se"])
            .Node("Conv", ["se", "Wp"], ["p"])
            .Node("Add", ["p", "r0"], ["res"])
            .Node("Conv", ["res", "Wq"], ["q"], Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2))
            .Node("Resize", ["q", "roi", "scales"], ["up"], Attr.String("mode", "nearest"))
            .Node("Concat", ["res", "up"], ["cat"], Attr.Int("axis", 1))
            .Node("ConvTranspose", ["cat", "Wt"], ["t"], Attr.Ints("strides", 2, 2))
            .Node("Add", ["t", "tb"], ["ta"]).Node("BatchNormalization", ["ta", "s", "b", "m", "v"], ["tn"]).Node("Relu", ["tn"], ["tr"])
            .Node("Sigmoid", ["tr"], ["y"])
            .Output("y").Build();
    }

    private static Dictionary<string, DwTensor> Input(int seed, params int[] shape) =>
        new() { ["x"] = new DwTensor(Values(shape.Aggregate(1, (p, d) => p * d), seed, -2, 2), shape) };

    private static byte[] MobileNetV2()
    {
        var model = ModelCatalog.Create(ModelCatalog.MobileNetV2Name, new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 3 });
        ModelRandomizer.Randomize(model, seed: 4);
        model.Eval();
        return OnnxExporter.ExportBytes(model, [1, 3, 64, 64]);
    }

    [Fact]
    public void Every_step_of_the_test_graphs_has_a_kernel_or_is_skipped()
    {
        Assert.Equal(0, OnnxModel.Load(DetLike()).DescribePlan(Input(1, 1, 3, 16, 20)).FallbackSteps);
        var mobileNet = OnnxModel.Load(MobileNetV2()).DescribePlan(new Dictionary<string, DwTensor> { ["input"] = ModelRandomizer.Input(new Random(5), 1, 3, 64, 64) });
        Assert.Equal(0, mobileNet.FallbackSteps);
        Assert.Equal(1, mobileNet.InputsReadInPlace);
    }

    [Fact]
    public void Steady_state_run_into_outputs_allocates_nothing_on_one_thread()
    {
        foreach (var (bytes, inputs) in new[]
        {
            (DetLike(), Input(2, 1, 3, 16, 20)),
            (MobileNetV2(), new Dictionary<string, DwTensor> { ["input"] = ModelRandomizer.Input(new Random(6), 1, 3, 64, 64) }),
            (Stem(), Input(36, 1, 3, 40, 36)),
        })
        {
            var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 1 });
            var outputs = model.Run(inputs).ToDictionary(o => o.Key, o => new DwTensor(o.Value.ShapeArray()));
            model.Run(inputs, outputs);
            model.Run(inputs, outputs);

            Assert.Equal(0, SteadyStateAllocation.Bytes(() => model.Run(inputs, outputs), callsPerRound: 3));
        }
    }

    [Fact]
    public void Run_into_outputs_matches_run_and_onnx_runtime()
    {
        var bytes = DetLike();
        var inputs = Input(3, 1, 3, 16, 20);
        var model = OnnxModel.Load(bytes);
        var returned = model.Run(inputs);
        var outputs = new Dictionary<string, DwTensor> { ["y"] = new DwTensor([1, 3, 16, 20]) };
        model.Run(inputs, outputs);

        Assert.Equal(returned["y"].Span.ToArray(), outputs["y"].Span.ToArray());
        Assert.True(OrtOracle.Compare(outputs, OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
        Assert.Equal(new Dictionary<string, int> { ["Concat"] = 1, ["Conv"] = 6, ["ConvTranspose"] = 1, ["GlobalAveragePool"] = 1, ["HardSigmoid"] = 1, ["Mul"] = 1, ["Add"] = 1, ["Resize"] = 1, ["Sigmoid"] = 1 }
            .OrderBy(c => c.Key, StringComparer.Ordinal), model.OperatorCounts);
    }

    [Fact]
    public void Plans_follow_the_input_shapes()
    {
        var bytes = DetLike(dynamic: true);
        var model = OnnxModel.Load(bytes);
        var first = Input(4, 1, 3, 16, 20);
        var second = Input(5, 2, 3, 12, 8);
        var again = model.Run(first)["y"].Span.ToArray();
        foreach (var inputs in new[] { second, first, second })
        {
            var ours = model.Run(inputs);
            Assert.True(OrtOracle.Compare(ours, OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
        }

        Assert.Equal(again, model.Run(first)["y"].Span.ToArray());
    }

    [Fact]
    public void Concurrent_runs_give_the_sequential_outputs()
    {
        var model = OnnxModel.Load(DetLike(dynamic: true), new OnnxModelOptions { Threads = 1 });
        var inputs = Enumerable.Range(0, 4).Select(i => Input(10 + i, 1, 3, 8 + (4 * (i % 2)), 12)).ToArray();
        var expected = inputs.Select(i => model.Run(i)["y"].Span.ToArray()).ToArray();
        var results = new float[inputs.Length * 5][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => results[k] = model.Run(inputs[k % inputs.Length])["y"].Span.ToArray());
        for (var k = 0; k < results.Length; k++)
        {
            Assert.Equal(expected[k % inputs.Length], results[k]);
        }
    }

    [Fact]
    public void Kernels_split_across_threads_give_the_one_thread_outputs()
    {
        // 256² input: every elementwise pass, the Resize, the GAP and the col2im are large enough to run in parts.
        var bytes = DetLike(dynamic: true);
        var inputs = Input(14, 1, 3, 256, 256);
        var one = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 1 }).Run(inputs);
        var two = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 2 }).Run(inputs);
        Assert.Equal(one["y"].Span.ToArray(), two["y"].Span.ToArray());
        Assert.True(OrtOracle.Compare(two, OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
    }

    [Theory]
    [InlineData(2, new[] { 1, 3, 161, 163 })]
    [InlineData(3, new[] { 1, 3, 161, 163 })]
    [InlineData(2, new[] { 2, 5, 97, 71 })]
    [InlineData(3, new[] { 2, 40_001 })]
    [InlineData(2, new[] { 70_001 })]
    public void Large_inputs_copied_in_parts_follow_each_call_and_stay_unchanged(int threads, int[] shape)
    {
        // Over the 65,536 floats of a split copy, parts by rows of every plane that do not divide evenly (one part of
        // the rank-2 input's 2 rows on 3 threads is empty): Relu writes over the plan's copy of x, so every element of
        // y shows whether its part of this call's input arrived.
        var bytes = new ModelBuilder(14).Input("x", shape).Node("Relu", ["x"], ["y"]).Output("y").Build();
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        foreach (var seed in new[] { 21, 22, 21 })
        {
            var inputs = Input(seed, shape);
            var given = inputs["x"].Span.ToArray();
            var y = model.Run(inputs)["y"].Span.ToArray();
            Assert.Equal(given.Select(v => Math.Max(v, 0f)).ToArray(), y);
            Assert.Equal(given, inputs["x"].Span.ToArray());
        }
    }

    // A stem: x (1, 3, 40, 36) → Conv 3→8 3×3 stride 2 → Relu → Conv 1×1 8→12 → y; x is read by the first Conv only,
    // unless `alsoAdd` adds x to itself as a second output (two readers) or `alsoOutput` makes x a graph output too.
    private static byte[] Stem(bool alsoAdd = false, bool alsoOutput = false)
    {
        var builder = new ModelBuilder(13).Input("x", 1, 3, 40, 36)
            .Initializer("W0", Values(8 * 3 * 9, 41), 8, 3, 3, 3).Initializer("B0", Values(8, 42), 8).Initializer("W1", Values(12 * 8, 43), 12, 8, 1, 1)
            .Node("Conv", ["x", "W0", "B0"], ["c"], Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2)).Node("Relu", ["c"], ["r"])
            .Node("Conv", ["r", "W1"], ["y"]).Output("y");
        if (alsoAdd)
        {
            builder.Node("Add", ["x", "x"], ["doubled"]).Output("doubled");
        }

        if (alsoOutput)
        {
            builder.Node("Identity", ["x"], ["same"]).Output("same");
        }

        return builder.Build();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_conv_that_alone_reads_the_input_reads_the_callers_tensor_unchanged_with_the_copied_inputs_outputs(int threads)
    {
        var bytes = Stem();
        var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = threads });
        Assert.Equal(1, model.DescribePlan(Input(30, 1, 3, 40, 36)).InputsReadInPlace);
        foreach (var seed in new[] { 31, 32, 31 })
        {
            var inputs = Input(seed, 1, 3, 40, 36);
            var given = inputs["x"].Span.ToArray();
            var inPlace = model.Run(inputs)["y"].Span.ToArray();

            // The same input given as an OnnxTensor holding a copy: the plan copies it into its own buffer.
            var copy = new DwTensor(given, [1, 3, 40, 36]);
            var copied = model.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.FromTensor(copy) })["y"].Span.ToArray();

            Assert.Equal(copied, inPlace);
            Assert.Equal(given, inputs["x"].Span.ToArray());
            Assert.True(OrtOracle.Compare(model.Run(inputs), OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
        }
    }

    [Fact]
    public void An_input_read_by_two_steps_or_returned_as_an_output_is_copied()
    {
        foreach (var (bytes, outputs) in new[] { (Stem(alsoAdd: true), new[] { "y", "doubled" }), (Stem(alsoOutput: true), ["y", "same"]) })
        {
            var model = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 2 });
            Assert.Equal(0, model.DescribePlan(Input(33, 1, 3, 40, 36)).InputsReadInPlace);
            foreach (var seed in new[] { 34, 35 })
            {
                var inputs = Input(seed, 1, 3, 40, 36);
                var given = inputs["x"].Span.ToArray();
                var ours = model.Run(inputs);
                Assert.Equal(outputs.OrderBy(o => o, StringComparer.Ordinal), ours.Keys.OrderBy(o => o, StringComparer.Ordinal));
                Assert.True(OrtOracle.Compare(ours, OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
                Assert.Equal(given, inputs["x"].Span.ToArray());
            }
        }
    }

    [Fact]
    public void Concurrent_runs_reading_one_input_tensor_in_place_give_the_sequential_outputs()
    {
        var model = OnnxModel.Load(Stem(), new OnnxModelOptions { Threads = 1 });
        var inputs = Enumerable.Range(0, 3).Select(i => Input(50 + i, 1, 3, 40, 36)).ToArray();
        var given = inputs.Select(i => i["x"].Span.ToArray()).ToArray();
        var expected = inputs.Select(i => model.Run(i)["y"].Span.ToArray()).ToArray();
        var results = new float[inputs.Length * 6][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => results[k] = model.Run(inputs[k % inputs.Length])["y"].Span.ToArray());
        for (var k = 0; k < results.Length; k++)
        {
            Assert.Equal(expected[k % inputs.Length], results[k]);
            Assert.Equal(given[k % inputs.Length], inputs[k % inputs.Length]["x"].Span.ToArray());
        }
    }

    [Fact]
    public void Classifier_gemm_split_across_threads_gives_the_one_thread_outputs()
    {
        // (2, 200) · (701, 200)ᵀ + C: the 701 output features split into parts across the threads.
        var bytes = new ModelBuilder().Input("x", 2, 200).Initializer("w", Values(701 * 200, 8, -1, 1), 701, 200).Initializer("c", Values(701, 9, -1, 1), 701)
            .Node("Gemm", ["x", "w", "c"], ["y"], Attr.Int("transB", 1), Attr.Float("alpha", 0.75f)).Output("y").Build();
        var inputs = Input(15, 2, 200);
        var one = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 1 }).Run(inputs);
        var two = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 2 }).Run(inputs);
        Assert.Equal(one["y"].Span.ToArray(), two["y"].Span.ToArray());
        Assert.True(OrtOracle.Compare(two, OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
    }

    [Fact]
    public void Buffers_are_reused_after_their_last_reader()
    {
        // Ten elementwise steps on (1, 8, 16, 16): in place, one buffer; HardSwish (not in place) alternates two.
        const long TensorBytes = 8 * 16 * 16 * sizeof(float);
        foreach (var (op, maximumTensors) in new[] { ("Sigmoid", 1), ("HardSwish", 2) })
        {
            var builder = new ModelBuilder(14).Input("x", 1, 8, 16, 16);
            for (var i = 0; i < 10; i++)
            {
                builder.Node(op, [i == 0 ? "x" : $"v{i}"], [i == 9 ? "y" : $"v{i + 1}"]);
            }

            var bytes = builder.Output("y").Build();
            var inputs = Input(7, 1, 8, 16, 16);
            var plan = OnnxModel.Load(bytes).DescribePlan(inputs);
            Assert.Equal(0, plan.FallbackSteps);
            Assert.Equal(maximumTensors * TensorBytes, plan.BufferBytes);
            Assert.Equal(11 * TensorBytes, plan.ValueBytes);
            OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [1, 8, 16, 16] });
        }
    }

    [Fact]
    public void A_step_without_a_kernel_runs_its_body_every_call()
    {
        var bytes = new ModelBuilder(13).Input("x", 1, 2, 6, 5).Initializer("W", Values(2 * 9, 1), 2, 1, 3, 3)
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 2), Attr.Ints("pads", 1, 1, 1, 1)).Node("Tanh", ["c"], ["t"])
            .Node("Conv", ["t", "W"], ["y"], Attr.Int("group", 2)).Output("y").Build();
        var model = OnnxModel.Load(bytes);
        var first = Input(8, 1, 2, 6, 5);
        var second = Input(9, 1, 2, 6, 5);
        Assert.Equal(1, model.DescribePlan(first).FallbackSteps);
        foreach (var inputs in new[] { first, second, first })
        {
            Assert.True(OrtOracle.Compare(model.Run(inputs), OrtOracle.RunOrt(bytes, inputs)) <= 1e-4);
        }
    }

    [Fact]
    public void Run_into_outputs_rejects_a_missing_or_misshaped_output()
    {
        var model = OnnxModel.Load(DetLike());
        var inputs = Input(1, 1, 3, 16, 20);
        var missing = Assert.Throws<ArgumentException>(() => model.Run(inputs, new Dictionary<string, DwTensor>()));
        Assert.Equal("outputs", missing.ParamName);
        Assert.Contains("'y'", missing.Message);
        var misshaped = Assert.Throws<ArgumentException>(() => model.Run(inputs, new Dictionary<string, DwTensor> { ["y"] = new DwTensor([1, 3, 16, 21]) }));
        Assert.Equal("outputs", misshaped.ParamName);
        Assert.Contains("(1, 3, 16, 20)", misshaped.Message);
    }

    [Fact]
    public void Concat_of_many_rows_splits_across_threads_with_the_one_thread_outputs()
    {
        // Axis 3: 256 outer rows of three parts each (600 + 200 + 1 values), cut into ranges that start and end inside parts.
        var bytes = new ModelBuilder(13).Input("a", 1, 4, 64, 600).Input("b", 1, 4, 64, 200).Input("c", 1, 4, 64, 1)
            .Node("Relu", ["a"], ["ra"]).Node("Relu", ["b"], ["rb"]).Node("Relu", ["c"], ["rc"])
            .Node("Concat", ["ra", "rb", "rc"], ["y"], Attr.Int("axis", 3)).Output("y").Build();
        var inputs = new Dictionary<string, DwTensor>
        {
            ["a"] = new DwTensor(Values(4 * 64 * 600, 20), [1, 4, 64, 600]),
            ["b"] = new DwTensor(Values(4 * 64 * 200, 21), [1, 4, 64, 200]),
            ["c"] = new DwTensor(Values(4 * 64, 22), [1, 4, 64, 1]),
        };
        var one = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 1 }).Run(inputs);
        var two = OnnxModel.Load(bytes, new OnnxModelOptions { Threads = 2 }).Run(inputs);
        Assert.Equal(one["y"].Span.ToArray(), two["y"].Span.ToArray());
        Assert.Equal(0, OrtOracle.Compare(two, OrtOracle.RunOrt(bytes, inputs)));
    }
}
