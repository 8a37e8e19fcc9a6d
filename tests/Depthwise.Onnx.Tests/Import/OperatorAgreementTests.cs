using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Every supported operator, in the attribute forms exporters emit, on a one-node model: ours vs ONNX Runtime.</summary>
public sealed class OperatorAgreementTests
{
    private static readonly Dictionary<string, (Func<byte[]> Model, Dictionary<string, int[]> Inputs)> Cases = BuildCases();

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Agrees_with_onnx_runtime(string name)
    {
        var (model, inputs) = Cases[name];
        OrtOracle.AssertAgrees(model(), inputs);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Agrees_with_onnx_runtime_without_graph_passes(string name)
    {
        var (model, inputs) = Cases[name];
        OrtOracle.AssertAgrees(model(), inputs, options: new Depthwise.Onnx.Import.OnnxModelOptions { Optimize = false });
    }

    private static float[] Random(int count, int seed, float low = -1, float high = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => low + ((high - low) * (float)random.NextDouble()))];
    }

    private static Dictionary<string, int[]> X(params int[] shape) => new() { ["x"] = shape };

    private static byte[] Unary(string op, int opset = 17, params Protos.AttributeProto[] attributes) =>
        new ModelBuilder(opset).Input("x", 2, 3, 4, 5).Node(op, ["x"], ["y"], attributes).Output("y").Build();

    private static byte[] Conv(int cin, int cout, int group, int k, int opset = 17, float[]? bias = null, params Protos.AttributeProto[] attributes)
    {
        var builder = new ModelBuilder(opset).Input("x", 1, cin, 11, 10).Initializer("W", Random(cout * (cin / group) * k * k, 7), cout, cin / group, k, k);
        string[] inputs = ["x", "W"];
        if (bias is not null)
        {
            builder.Initializer("B", bias, bias.Length);
            inputs = ["x", "W", "B"];
        }

        return builder.Node("Conv", inputs, ["y"], [Attr.Int("group", group), .. attributes]).Output("y").Build();
    }

    private static Dictionary<string, (Func<byte[]>, Dictionary<string, int[]>)> BuildCases()
    {
        var cases = new Dictionary<string, (Func<byte[]>, Dictionary<string, int[]>)>();
        void Add(string name, Func<byte[]> model, Dictionary<string, int[]> inputs) => cases.Add(name, (model, inputs));
        var x4 = X(2, 3, 4, 5);

        foreach (var op in new[] { "Relu", "Sigmoid", "Tanh", "Erf", "HardSwish", "Identity", "Exp", "Neg", "Abs" })
        {
            Add(op, () => Unary(op), x4);
        }

        Add("LeakyRelu", () => Unary("LeakyRelu", 17, Attr.Float("alpha", 0.3f)), x4);
        Add("HardSigmoid", () => Unary("HardSigmoid", 17, Attr.Float("alpha", 0.25f), Attr.Float("beta", 0.4f)), x4);
        Add("Dropout", () => Unary("Dropout", 12), x4);
        Add("Sqrt", () => new ModelBuilder().Input("x", 2, 3, 4, 5).Node("Abs", ["x"], ["a"]).Node("Sqrt", ["a"], ["y"]).Output("y").Build(), x4);
        Add("Clip attributes opset 9", () => Unary("Clip", 9, Attr.Float("min", -0.5f), Attr.Float("max", 0.7f)), x4);
        Add("Clip inputs opset 13", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Initializer("lo", [-0.25f]).Initializer("hi", [0.5f])
            .Node("Clip", ["x", "lo", "hi"], ["y"]).Output("y").Build(), x4);
        Add("Clip max only", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Initializer("hi", [0.5f])
            .Node("Clip", ["x", "", "hi"], ["y"]).Output("y").Build(), x4);

        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
        {
            Add($"{op} broadcast", () => new ModelBuilder().Input("a", 2, 3, 4, 5).Input("b", 3, 1, 5).Node(op, ["a", "b"], ["y"]).Output("y").Build(),
                new() { ["a"] = [2, 3, 4, 5], ["b"] = [3, 1, 5] });
            Add($"{op} scalar initializer", () => new ModelBuilder().Input("x", 2, 3, 4, 5).Initializer("c", [1.5f]).Node(op, ["x", "c"], ["y"]).Output("y").Build(), x4);
        }

        Add("Pow", () => new ModelBuilder().Input("x", 2, 3, 4, 5).Initializer("e", [2f]).Node("Pow", ["x", "e"], ["y"]).Output("y").Build(), x4);
        Add("Mul SE-style (N,C,H,W)x(N,C,1,1)", () => new ModelBuilder().Input("a", 2, 3, 4, 5).Input("b", 2, 3, 1, 1).Node("Mul", ["a", "b"], ["y"]).Output("y").Build(),
            new() { ["a"] = [2, 3, 4, 5], ["b"] = [2, 3, 1, 1] });

        // Convolutions: depthwise 3x3/5x5, stride (2,1), dilations, asymmetric pads, auto_pad, grouped, pointwise.
        Add("Conv depthwise 3x3 pads 1", () => Conv(4, 4, 4, 3, 17, Random(4, 3), Attr.Ints("pads", 1, 1, 1, 1)), X(1, 4, 11, 10));
        Add("Conv depthwise 5x5 stride (2,1)", () => Conv(4, 4, 4, 5, 17, null, Attr.Ints("pads", 2, 2, 2, 2), Attr.Ints("strides", 2, 1)), X(1, 4, 11, 10));
        Add("Conv depthwise multiplier 2", () => Conv(3, 6, 3, 3, 17, Random(6, 3), Attr.Ints("strides", 2, 2)), X(1, 3, 11, 10));
        Add("Conv asymmetric pads", () => Conv(4, 4, 4, 3, 17, null, Attr.Ints("pads", 0, 1, 2, 0)), X(1, 4, 11, 10));
        Add("Conv SAME_UPPER stride 2", () => Conv(4, 6, 1, 3, 17, Random(6, 3), Attr.String("auto_pad", "SAME_UPPER"), Attr.Ints("strides", 2, 2)), X(1, 4, 11, 10));
        Add("Conv SAME_LOWER", () => Conv(4, 4, 4, 4, 17, null, Attr.String("auto_pad", "SAME_LOWER"), Attr.Ints("strides", 2, 2)), X(1, 4, 11, 10));
        Add("Conv VALID dilation 2", () => Conv(4, 8, 2, 3, 17, null, Attr.String("auto_pad", "VALID"), Attr.Ints("dilations", 2, 2)), X(1, 4, 11, 10));
        Add("Conv pointwise", () => Conv(4, 7, 1, 1, 11, Random(7, 3)), X(1, 4, 11, 10));
        Add("Conv kernel_shape given", () => Conv(4, 5, 1, 3, 9, null, Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1)), X(1, 4, 11, 10));
        Add("ConvTranspose stride 2", () => new ModelBuilder().Input("x", 1, 4, 5, 6).Initializer("W", Random(4 * 3 * 2 * 2, 5), 4, 3, 2, 2).Initializer("B", Random(3, 6), 3)
            .Node("ConvTranspose", ["x", "W", "B"], ["y"], Attr.Ints("strides", 2, 2)).Output("y").Build(), X(1, 4, 5, 6));
        Add("ConvTranspose pads groups output_padding", () => new ModelBuilder().Input("x", 1, 4, 5, 6).Initializer("W", Random(4 * 1 * 3 * 3, 5), 4, 1, 3, 3)
            .Node("ConvTranspose", ["x", "W"], ["y"], Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("output_padding", 1, 0), Attr.Int("group", 2))
            .Output("y").Build(), X(1, 4, 5, 6));
        Add("BatchNormalization", () => new ModelBuilder().Input("x", 2, 3, 4, 5).Initializer("s", Random(3, 1), 3).Initializer("b", Random(3, 2), 3)
            .Initializer("m", Random(3, 3), 3).Initializer("v", Random(3, 4, 0.5f, 2f), 3).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], Attr.Float("epsilon", 1e-3f))
            .Output("y").Build(), x4);
        Add("Conv+BatchNormalization+Relu", () => new ModelBuilder().Input("x", 1, 4, 11, 10).Initializer("W", Random(4 * 9, 7), 4, 1, 3, 3)
            .Initializer("s", Random(4, 1), 4).Initializer("b", Random(4, 2), 4).Initializer("m", Random(4, 3), 4).Initializer("v", Random(4, 4, 0.5f, 2f), 4)
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 4), Attr.Ints("pads", 1, 1, 1, 1))
            .Node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"]).Node("Relu", ["n"], ["y"]).Output("y").Build(), X(1, 4, 11, 10));
        Add("Conv+Clip(0,6)", () => new ModelBuilder(13).Input("x", 1, 4, 11, 10).Initializer("W", Random(4 * 9, 7, -3, 3), 4, 1, 3, 3).Initializer("lo", [0f]).Initializer("hi", [6f])
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 4)).Node("Clip", ["c", "lo", "hi"], ["y"]).Output("y").Build(), X(1, 4, 11, 10));
        Add("Conv+HardSwish spelled out", () => new ModelBuilder(13).Input("x", 1, 4, 11, 10).Initializer("W", Random(4 * 9, 7, -3, 3), 4, 1, 3, 3)
            .Initializer("three", [3f]).Initializer("lo", [0f]).Initializer("hi", [6f]).Initializer("six", [6f])
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 4)).Node("Add", ["c", "three"], ["a"]).Node("Clip", ["a", "lo", "hi"], ["r"])
            .Node("Mul", ["c", "r"], ["m"]).Node("Div", ["m", "six"], ["y"]).Output("y").Build(), X(1, 4, 11, 10));
        Add("Conv+HardSwish op", () => new ModelBuilder(14).Input("x", 1, 4, 11, 10).Initializer("W", Random(4 * 9, 7, -3, 3), 4, 1, 3, 3)
            .Node("Conv", ["x", "W"], ["c"], Attr.Int("group", 4)).Node("HardSwish", ["c"], ["y"]).Output("y").Build(), X(1, 4, 11, 10));

        // Pooling.
        Add("GlobalAveragePool", () => Unary("GlobalAveragePool"), x4);
        // 42 planes of 7×7: five runs of eight planes summed side by side, then two alone.
        Add("GlobalAveragePool 7x7 planes", () => new ModelBuilder().Input("x", 2, 21, 7, 7).Node("GlobalAveragePool", ["x"], ["y"]).Output("y").Build(), X(2, 21, 7, 7));
        Add("AveragePool count_include_pad 0", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("AveragePool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 3, 3), Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)).Output("y").Build(), X(1, 3, 9, 8));
        Add("AveragePool count_include_pad 1", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("AveragePool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 3, 3), Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1), Attr.Int("count_include_pad", 1)).Output("y").Build(), X(1, 3, 9, 8));
        Add("AveragePool ceil_mode", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("AveragePool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2), Attr.Int("ceil_mode", 1)).Output("y").Build(), X(1, 3, 9, 8));
        Add("AveragePool (2,1) stride like rec", () => new ModelBuilder().Input("x", 1, 3, 8, 8).Node("AveragePool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2)).Output("y").Build(), X(1, 3, 8, 8));
        Add("MaxPool pads stride 2", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("MaxPool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 3, 3), Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)).Output("y").Build(), X(1, 3, 9, 8));
        Add("MaxPool SAME_UPPER", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("MaxPool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2), Attr.String("auto_pad", "SAME_UPPER")).Output("y").Build(), X(1, 3, 9, 8));

        // Linear algebra.
        Add("Gemm transB alpha beta", () => new ModelBuilder().Input("a", 3, 4).Initializer("b", Random(20, 2), 5, 4).Initializer("c", Random(5, 3), 5)
            .Node("Gemm", ["a", "b", "c"], ["y"], Attr.Int("transB", 1), Attr.Float("alpha", 0.5f), Attr.Float("beta", 2f)).Output("y").Build(), new() { ["a"] = [3, 4] });
        // 11 outputs: one panel of the matrix-vector kernel, mostly padding rows.
        Add("Gemm transB 11x37", () => new ModelBuilder().Input("a", 3, 37).Initializer("b", Random(11 * 37, 4), 11, 37).Initializer("c", Random(11, 5), 11)
            .Node("Gemm", ["a", "b", "c"], ["y"], Attr.Int("transB", 1)).Output("y").Build(), new() { ["a"] = [3, 37] });
        // B (40, 70) as stored, not transposed: 70 outputs span two panels at every width, the last partly padding.
        Add("Gemm constant B 40x70", () => new ModelBuilder().Input("a", 2, 40).Initializer("b", Random(40 * 70, 6), 40, 70).Initializer("c", Random(70, 7), 70)
            .Node("Gemm", ["a", "b", "c"], ["y"]).Output("y").Build(), new() { ["a"] = [2, 40] });
        Add("Gemm transA", () => new ModelBuilder().Input("a", 4, 3).Initializer("b", Random(20, 2), 4, 5)
            .Node("Gemm", ["a", "b"], ["y"], Attr.Int("transA", 1)).Output("y").Build(), new() { ["a"] = [4, 3] });
        Add("MatMul batched broadcast", () => new ModelBuilder().Input("a", 2, 3, 4, 5).Input("b", 3, 5, 6).Node("MatMul", ["a", "b"], ["y"]).Output("y").Build(),
            new() { ["a"] = [2, 3, 4, 5], ["b"] = [3, 5, 6] });
        Add("MatMul 1-D right", () => new ModelBuilder().Input("a", 3, 4, 5).Initializer("b", Random(5, 2), 5).Node("MatMul", ["a", "b"], ["y"]).Output("y").Build(),
            new() { ["a"] = [3, 4, 5] });

        // Shapes.
        Add("Shape→Gather→Unsqueeze→Concat→Reshape", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Int64Initializer("i0", [0], []).Int64Initializer("minus1", [-1], 1)
            .Int64Initializer("axes", [0], 1).Node("Shape", ["x"], ["s"]).Node("Gather", ["s", "i0"], ["n"], Attr.Int("axis", 0)).Node("Unsqueeze", ["n", "axes"], ["n1"])
            .Node("Concat", ["n1", "minus1"], ["shape"], Attr.Int("axis", 0)).Node("Reshape", ["x", "shape"], ["y"]).Output("y").Build(), x4);
        Add("Shape output int64", () => new ModelBuilder(15).Input("x", 2, 3, 4, 5).Node("Shape", ["x"], ["y"], Attr.Int("start", 1), Attr.Int("end", -1)).Output("y", DataType.Int64).Build(), x4);
        Add("Reshape with 0", () => new ModelBuilder().Input("x", 2, 3, 4, 5).Int64Initializer("shape", [0, 0, -1], 3).Node("Reshape", ["x", "shape"], ["y"]).Output("y").Build(), x4);
        Add("Flatten axis 2", () => Unary("Flatten", 13, Attr.Int("axis", 2)), x4);
        Add("Transpose", () => Unary("Transpose", 13, Attr.Ints("perm", 0, 2, 3, 1)), x4);
        Add("Transpose default", () => Unary("Transpose", 13), x4);
        Add("Squeeze attribute opset 11", () => new ModelBuilder(11).Input("x", 2, 1, 4, 1).Node("Squeeze", ["x"], ["y"], Attr.Ints("axes", 1, -1)).Output("y").Build(), X(2, 1, 4, 1));
        Add("Squeeze input opset 13", () => new ModelBuilder(13).Input("x", 2, 1, 4, 1).Int64Initializer("axes", [1], 1).Node("Squeeze", ["x", "axes"], ["y"]).Output("y").Build(), X(2, 1, 4, 1));
        Add("Unsqueeze attribute opset 11", () => new ModelBuilder(11).Input("x", 2, 3).Node("Unsqueeze", ["x"], ["y"], Attr.Ints("axes", 0, 3)).Output("y").Build(), X(2, 3));
        Add("Unsqueeze input opset 13", () => new ModelBuilder(13).Input("x", 2, 3).Int64Initializer("axes", [-1, 1], 2).Node("Unsqueeze", ["x", "axes"], ["y"]).Output("y").Build(), X(2, 3));
        Add("Concat axis 1", () => new ModelBuilder().Input("a", 2, 3, 4).Input("b", 2, 2, 4).Node("Concat", ["a", "b"], ["y"], Attr.Int("axis", 1)).Output("y").Build(),
            new() { ["a"] = [2, 3, 4], ["b"] = [2, 2, 4] });
        Add("Split attribute opset 11", () => new ModelBuilder(11).Input("x", 2, 6, 3).Node("Split", ["x"], ["y1", "y2"], Attr.Int("axis", 1), Attr.Ints("split", 2, 4))
            .Output("y1").Output("y2").Build(), X(2, 6, 3));
        Add("Split input opset 13", () => new ModelBuilder(13).Input("x", 2, 6, 3).Int64Initializer("split", [1, 5], 2).Node("Split", ["x", "split"], ["y1", "y2"], Attr.Int("axis", 1))
            .Output("y1").Output("y2").Build(), X(2, 6, 3));
        Add("Split equal", () => new ModelBuilder(13).Input("x", 2, 6, 3).Node("Split", ["x"], ["y1", "y2", "y3"], Attr.Int("axis", -2))
            .Output("y1").Output("y2").Output("y3").Build(), X(2, 6, 3));
        Add("Slice steps negative", () => new ModelBuilder(13).Input("x", 4, 10, 6).Int64Initializer("s", [8, 1], 2).Int64Initializer("e", [-100, 5], 2)
            .Int64Initializer("a", [1, 2], 2).Int64Initializer("st", [-3, 2], 2).Node("Slice", ["x", "s", "e", "a", "st"], ["y"]).Output("y").Build(), X(4, 10, 6));
        Add("Slice clamps", () => new ModelBuilder(13).Input("x", 4, 10).Int64Initializer("s", [1, -4], 2).Int64Initializer("e", [long.MaxValue, 1000], 2)
            .Node("Slice", ["x", "s", "e"], ["y"]).Output("y").Build(), X(4, 10));
        Add("Gather axis 1 negative indices", () => new ModelBuilder(13).Input("x", 3, 5, 2).Int64Initializer("i", [0, -1, 2, 2], 2, 2)
            .Node("Gather", ["x", "i"], ["y"], Attr.Int("axis", 1)).Output("y").Build(), X(3, 5, 2));
        Add("Cast float→int64→float", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Node("Cast", ["x"], ["i"], Attr.Int("to", 7)).Node("Cast", ["i"], ["y"], Attr.Int("to", 1))
            .Output("y").Build(), x4);
        Add("ConstantOfShape", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Node("Shape", ["x"], ["s"])
            .Node("ConstantOfShape", ["s"], ["c"], Attr.Tensor("value", ModelBuilder.FloatTensor("v", [0.75f], [1]))).Node("Add", ["x", "c"], ["y"]).Output("y").Build(), x4);
        Add("Constant node forms", () => new ModelBuilder(13).Input("x", 2, 3).Node("Constant", [], ["f"], Attr.Float("value_float", 2.5f))
            .Node("Constant", [], ["fs"], Attr.Floats("value_floats", 1, 2, 3)).Node("Constant", [], ["t"], Attr.Tensor("value", ModelBuilder.FloatTensor("t", [1, 2, 3, 4, 5, 6], [2, 3])))
            .Node("Mul", ["x", "f"], ["a"]).Node("Add", ["a", "fs"], ["b"]).Node("Sub", ["b", "t"], ["y"]).Output("y").Build(), X(2, 3));
        Add("Pad constant opset 13", () => new ModelBuilder(13).Input("x", 1, 2, 4, 5).Int64Initializer("p", [0, 0, 1, 2, 0, 1, 3, 0], 8).Initializer("v", [0.5f])
            .Node("Pad", ["x", "p", "v"], ["y"]).Output("y").Build(), X(1, 2, 4, 5));
        Add("Pad reflect", () => new ModelBuilder(13).Input("x", 1, 2, 4, 5).Int64Initializer("p", [0, 0, 1, 2, 0, 0, 2, 1], 8)
            .Node("Pad", ["x", "p"], ["y"], Attr.String("mode", "reflect")).Output("y").Build(), X(1, 2, 4, 5));
        Add("Pad edge", () => new ModelBuilder(13).Input("x", 1, 2, 4, 5).Int64Initializer("p", [0, 0, 1, 2, 0, 0, 2, 1], 8)
            .Node("Pad", ["x", "p"], ["y"], Attr.String("mode", "edge")).Output("y").Build(), X(1, 2, 4, 5));
        Add("Pad attribute opset 9", () => new ModelBuilder(9).Input("x", 1, 2, 4, 5)
            .Node("Pad", ["x"], ["y"], Attr.Ints("pads", 0, 0, 2, 1, 0, 0, 0, 3), Attr.Float("value", -1f)).Output("y").Build(), X(1, 2, 4, 5));

        // Resize / Upsample.
        foreach (var coordinate in new[] { "asymmetric", "half_pixel", "align_corners", "pytorch_half_pixel" })
        {
            foreach (var mode in new[] { "nearest", "linear" })
            {
                Add($"Resize {mode} {coordinate} scales", () => new ModelBuilder(13).Input("x", 1, 2, 5, 7).Initializer("scales", [1f, 1f, 2f, 1.5f], 4)
                    .Node("Resize", ["x", "", "scales"], ["y"], Attr.String("mode", mode), Attr.String("coordinate_transformation_mode", coordinate)).Output("y").Build(), X(1, 2, 5, 7));
                Add($"Resize {mode} {coordinate} sizes down", () => new ModelBuilder(13).Input("x", 1, 2, 9, 7).Int64Initializer("sizes", [1, 2, 4, 3], 4)
                    .Node("Resize", ["x", "", "", "sizes"], ["y"], Attr.String("mode", mode), Attr.String("coordinate_transformation_mode", coordinate)).Output("y").Build(), X(1, 2, 9, 7));
            }
        }

        Add("Resize nearest round_prefer_ceil", () => new ModelBuilder(13).Input("x", 1, 2, 5, 7).Initializer("scales", [1f, 1f, 2.5f, 0.6f], 4)
            .Node("Resize", ["x", "", "scales"], ["y"], Attr.String("nearest_mode", "round_prefer_ceil")).Output("y").Build(), X(1, 2, 5, 7));
        Add("Resize opset 11 roi input", () => new ModelBuilder(11).Input("x", 1, 2, 5, 7).Initializer("roi", [], 0).Initializer("scales", [1f, 1f, 2f, 2f], 4)
            .Node("Resize", ["x", "roi", "scales"], ["y"], Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"))
            .Output("y").Build(), X(1, 2, 5, 7));
        Add("Resize opset 10", () => new ModelBuilder(10).Input("x", 1, 2, 5, 7).Initializer("scales", [1f, 1f, 2f, 3f], 4)
            .Node("Resize", ["x", "scales"], ["y"], Attr.String("mode", "linear")).Output("y").Build(), X(1, 2, 5, 7));
        Add("Upsample opset 9", () => new ModelBuilder(9).Input("x", 1, 2, 5, 7).Initializer("scales", [1f, 1f, 2f, 2f], 4)
            .Node("Upsample", ["x", "scales"], ["y"], Attr.String("mode", "nearest")).Output("y").Build(), X(1, 2, 5, 7));

        Add("ConvTranspose SAME_UPPER dilation", () => new ModelBuilder().Input("x", 1, 4, 5, 6).Initializer("W", Random(4 * 2 * 3 * 3, 5), 4, 2, 3, 3)
            .Node("ConvTranspose", ["x", "W"], ["y"], Attr.Ints("strides", 2, 2), Attr.Ints("dilations", 2, 1), Attr.String("auto_pad", "SAME_UPPER")).Output("y").Build(), X(1, 4, 5, 6));
        Add("ConvTranspose output_shape stride (2,1)", () => new ModelBuilder().Input("x", 1, 4, 5, 6).Initializer("W", Random(4 * 2 * 3 * 3, 5), 4, 2, 3, 3)
            .Node("ConvTranspose", ["x", "W"], ["y"], Attr.Ints("strides", 2, 1), Attr.Ints("output_shape", 10, 6)).Output("y").Build(), X(1, 4, 5, 6));
        Add("Conv weights as a graph input", () => new ModelBuilder().Input("x", 1, 4, 7, 6).Input("w", 4, 1, 3, 3).Node("Conv", ["x", "w"], ["y"], Attr.Int("group", 4)).Output("y").Build(),
            new() { ["x"] = [1, 4, 7, 6], ["w"] = [4, 1, 3, 3] });
        Add("Resize linear half_pixel_symmetric opset 19", () => new ModelBuilder(19).Input("x", 1, 2, 5, 7).Initializer("scales", [1f, 1f, 1.7f, 0.6f], 4)
            .Node("Resize", ["x", "", "scales"], ["y"], Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", "half_pixel_symmetric")).Output("y").Build(), X(1, 2, 5, 7));
        Add("Slice attribute opset 9", () => new ModelBuilder(9).Input("x", 4, 10).Node("Slice", ["x"], ["y"], Attr.Ints("starts", 1, 2), Attr.Ints("ends", 3, -1), Attr.Ints("axes", 0, 1))
            .Output("y").Build(), X(4, 10));
        Add("MaxPool dilation ceil_mode", () => new ModelBuilder().Input("x", 1, 3, 9, 8).Node("MaxPool", ["x"], ["y"],
            Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2), Attr.Ints("dilations", 2, 2), Attr.Int("ceil_mode", 1)).Output("y").Build(), X(1, 3, 9, 8));
        Add("Softmax opset 9 default axis", () => Unary("Softmax", 9), x4);
        Add("Cast to bool and int32", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Node("Cast", ["x"], ["b"], Attr.Int("to", 9)).Node("Cast", ["b"], ["f"], Attr.Int("to", 1))
            .Node("Cast", ["x"], ["i"], Attr.Int("to", 6)).Node("Cast", ["i"], ["g"], Attr.Int("to", 1)).Node("Add", ["f", "g"], ["y"]).Output("y").Build(), x4);
        Add("Gather scalar index", () => new ModelBuilder(13).Input("x", 3, 5, 2).Int64Initializer("i", [-2], []).Node("Gather", ["x", "i"], ["y"], Attr.Int("axis", 1)).Output("y").Build(), X(3, 5, 2));
        Add("Split num_outputs opset 18", () => new ModelBuilder(18).Input("x", 2, 7, 3).Node("Split", ["x"], ["y1", "y2", "y3"], Attr.Int("axis", 1), Attr.Int("num_outputs", 3))
            .Output("y1").Output("y2").Output("y3").Build(), X(2, 7, 3));
        Add("Gemm C row vector broadcast", () => new ModelBuilder().Input("a", 3, 4).Input("b", 4, 5).Initializer("c", Random(5, 3), 1, 5)
            .Node("Gemm", ["a", "b", "c"], ["y"]).Output("y").Build(), new() { ["a"] = [3, 4], ["b"] = [4, 5] });

        // Normalization and reductions.
        Add("ReduceMean axes attribute", () => Unary("ReduceMean", 13, Attr.Ints("axes", 1, -1)), x4);
        Add("ReduceMean keepdims 0", () => Unary("ReduceMean", 13, Attr.Ints("axes", 2), Attr.Int("keepdims", 0)), x4);
        Add("ReduceMean axes input opset 18", () => new ModelBuilder(18).Input("x", 2, 3, 4, 5).Int64Initializer("axes", [-1], 1)
            .Node("ReduceMean", ["x", "axes"], ["y"]).Output("y").Build(), x4);
        Add("ReduceMean all", () => Unary("ReduceMean", 13), x4);
        Add("Softmax opset 13", () => Unary("Softmax", 13, Attr.Int("axis", 1)), x4);
        Add("Softmax opset 11 flattening", () => Unary("Softmax", 11, Attr.Int("axis", 2)), x4);
        Add("LayerNormalization", () => new ModelBuilder(17).Input("x", 2, 3, 4, 5).Initializer("s", Random(5, 1), 5).Initializer("b", Random(5, 2), 5)
            .Node("LayerNormalization", ["x", "s", "b"], ["y"], Attr.Float("epsilon", 1e-6f)).Output("y").Build(), x4);
        Add("LayerNormalization axis 2", () => new ModelBuilder(17).Input("x", 2, 3, 4, 5).Initializer("s", Random(20, 1), 4, 5)
            .Node("LayerNormalization", ["x", "s"], ["y"], Attr.Int("axis", 2)).Output("y").Build(), x4);

        // Forms the execution plan's kernels treat apart: a left operand broadcast per row (scalar-first Sub/Div), both
        // operands broadcast on alternating axes (one element per row), in-place chains, upsampling that repeats rows,
        // and the DB head's ConvTranspose 2×2 stride 2 (taps tile the output) with a bias Add, BatchNormalization and Relu folded in.
        foreach (var op in new[] { "Sub", "Div" })
        {
            Add($"{op} row-broadcast left operand", () => new ModelBuilder().Input("a", 2, 3, 1, 1).Input("b", 2, 3, 4, 5).Node(op, ["a", "b"], ["y"]).Output("y").Build(),
                new() { ["a"] = [2, 3, 1, 1], ["b"] = [2, 3, 4, 5] });
        }

        Add("Add alternating broadcast (2,1,4,1)+(1,3,1,5)", () => new ModelBuilder().Input("a", 2, 1, 4, 1).Input("b", 1, 3, 1, 5).Node("Add", ["a", "b"], ["y"]).Output("y").Build(),
            new() { ["a"] = [2, 1, 4, 1], ["b"] = [1, 3, 1, 5] });
        Add("elementwise chain in place", () => new ModelBuilder(13).Input("x", 2, 3, 4, 5).Input("z", 2, 3, 4, 5).Initializer("c", [0.5f])
            .Node("Mul", ["x", "c"], ["m"]).Node("Add", ["m", "z"], ["s"]).Node("Sigmoid", ["s"], ["g"]).Node("Mul", ["g", "x"], ["h"])
            .Node("HardSigmoid", ["h"], ["y"]).Output("y").Build(), new() { ["x"] = [2, 3, 4, 5], ["z"] = [2, 3, 4, 5] });
        Add("Resize nearest x4 asymmetric floor", () => new ModelBuilder(13).Input("x", 1, 3, 5, 6).Initializer("roi", [], 0).Initializer("scales", [1f, 1f, 4f, 4f], 4)
            .Node("Resize", ["x", "roi", "scales"], ["y"], Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"))
            .Output("y").Build(), X(1, 3, 5, 6));
        Add("Resize nearest x2 half_pixel, rows wider than a register", () => new ModelBuilder(13).Input("x", 1, 2, 3, 19).Initializer("scales", [1f, 1f, 2f, 2f], 4)
            .Node("Resize", ["x", "", "scales"], ["y"], Attr.String("mode", "nearest")).Output("y").Build(), X(1, 2, 3, 19));
        Add("Resize nearest x8 asymmetric floor", () => new ModelBuilder(13).Input("x", 1, 2, 3, 5).Initializer("scales", [1f, 1f, 8f, 8f], 4)
            .Node("Resize", ["x", "", "scales"], ["y"], Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"))
            .Output("y").Build(), X(1, 2, 3, 5));
        Add("ConvTranspose 2x2 stride 2 + bias Add, rows wider than a register", () => new ModelBuilder(11).Input("x", 1, 2, 3, 19)
            .Initializer("W", Random(2 * 3 * 2 * 2, 5), 2, 3, 2, 2).Initializer("bias", Random(3, 6), 1, 3, 1, 1)
            .Node("ConvTranspose", ["x", "W"], ["t"], Attr.Ints("strides", 2, 2)).Node("Add", ["t", "bias"], ["y"]).Output("y").Build(), X(1, 2, 3, 19));
        Add("ConvTranspose 2x2 stride 2 + bias Add + BatchNormalization + Relu", () => new ModelBuilder(11).Input("x", 1, 4, 5, 6)
            .Initializer("W", Random(4 * 3 * 2 * 2, 5), 4, 3, 2, 2).Initializer("bias", Random(3, 6), 1, 3, 1, 1)
            .Initializer("s", Random(3, 1), 3).Initializer("b", Random(3, 2), 3).Initializer("m", Random(3, 3), 3).Initializer("v", Random(3, 4, 0.5f, 2f), 3)
            .Node("ConvTranspose", ["x", "W"], ["t"], Attr.Ints("strides", 2, 2), Attr.Ints("kernel_shape", 2, 2))
            .Node("Add", ["t", "bias"], ["a"]).Node("BatchNormalization", ["a", "s", "b", "m", "v"], ["n"]).Node("Relu", ["n"], ["y"])
            .Output("y").Build(), X(1, 4, 5, 6));
        Add("ConvTranspose grouped 2x2 stride 2 + BatchNormalization", () => new ModelBuilder(11).Input("x", 1, 4, 5, 6)
            .Initializer("W", Random(4 * 3 * 2 * 2, 5), 4, 3, 2, 2)
            .Initializer("s", Random(6, 1), 6).Initializer("b", Random(6, 2), 6).Initializer("m", Random(6, 3), 6).Initializer("v", Random(6, 4, 0.5f, 2f), 6)
            .Node("ConvTranspose", ["x", "W"], ["t"], Attr.Ints("strides", 2, 2), Attr.Int("group", 2))
            .Node("BatchNormalization", ["t", "s", "b", "m", "v"], ["y"]).Output("y").Build(), X(1, 4, 5, 6));
        return cases;
    }
}
