using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Onnx.Export;
using Depthwise.Onnx.Protos;
using Depthwise.Tensors;
using Xunit.Abstractions;

namespace Depthwise.Onnx.Tests.Export;

/// <summary>
/// Exports each MobileNet (small width and resolution, to stay fast) with random weights and non-trivial batch norm
/// statistics, runs the same input through our eval-mode forward (the fast operators) and through ONNX Runtime on the
/// exported file, and requires max |difference| ≤ 1e-4 · max(1, max |reference|).
/// </summary>
public sealed class MobileNetExportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ModelCatalog.MobileNetV1Name, 0.25, 96, false)]
    [InlineData(ModelCatalog.MobileNetV1StandardName, 0.25, 64, false)]
    [InlineData(ModelCatalog.MobileNetV2Name, 0.35, 96, false)]
    [InlineData(ModelCatalog.MobileNetV2Name, 0.5, 112, true)]
    [InlineData(ModelCatalog.MobileNetV3LargeName, 0.5, 112, false)]
    [InlineData(ModelCatalog.MobileNetV3LargeName, 0.75, 96, true)]
    [InlineData(ModelCatalog.MobileNetV3SmallName, 0.75, 128, false)]
    [InlineData(ModelCatalog.MobileNetV3SmallName, 1.0, 96, true)]
    public void ForwardMatchesOnnxRuntime(string name, double width, int resolution, bool foldBatchNorm)
    {
        var model = ModelCatalog.Create(name, new MobileNetOptions { Width = width, Classes = 100, Seed = 11 });
        ModelRandomizer.Randomize(model, seed: 12);
        model.Eval();
        var input = ModelRandomizer.Input(new Random(13), 2, 3, resolution, resolution);

        var ours = model.Forward(input);
        var bytes = OnnxExporter.ExportBytes(model, input.Shape, new OnnxExportOptions { FoldBatchNorm = foldBatchNorm });
        var theirs = OnnxRuntimeOracle.Run(bytes, input);

        Assert.Equal([2, 100], ours.ShapeArray());
        var worst = AssertClose(ours.Span.ToArray(), theirs);
        output.WriteLine($"{name} {width} {resolution} fold={foldBatchNorm}: max |diff| {worst:E2}, max |reference| {theirs.Max(Math.Abs):F3}");
        // A network whose logits were all equal would match trivially; these vary.
        Assert.True(StandardDeviation(ours.Span.ToArray()) > 0.05, $"logits std {StandardDeviation(ours.Span.ToArray())}");
    }

    [Fact]
    public void NhwcInputGivesTheSameLogitsAsOnnxRuntime()
    {
        var model = MobileNetV2.Create(new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 3 });
        ModelRandomizer.Randomize(model, seed: 4);
        model.Eval();
        var input = ModelRandomizer.Input(new Random(5), 1, 3, 64, 64);

        var ours = model.Forward(input.ToLayout(TensorLayout.Nhwc));
        var theirs = OnnxRuntimeOracle.Run(OnnxExporter.ExportBytes(model, input.Shape), input);

        AssertClose(ours.Span.ToArray(), theirs);
    }

    [Fact]
    public void ExportedGraphUsesTheExpectedOperatorsAndNames()
    {
        var model = MobileNetV3.CreateSmall(new MobileNetOptions { Width = 0.5 });
        var proto = OnnxExporter.Export(model, [1, 3, 64, 64]);

        var operators = proto.Graph.Node.Select(node => node.OpType).ToHashSet();
        Assert.Subset(operators, new HashSet<string> { "Conv", "BatchNormalization", "Relu", "HardSwish", "HardSigmoid", "GlobalAveragePool", "Mul", "Add", "Flatten", "Gemm" });
        Assert.DoesNotContain("Dropout", operators);
        Assert.Equal(17, proto.OpsetImport.Single().Version);
        var initializers = proto.Graph.Initializer.Select(tensor => tensor.Name).ToHashSet();
        Assert.Contains("features.0.0.weight", initializers);
        Assert.Contains("features.1.block.1.fc1.weight", initializers);
        Assert.Contains("classifier.3.bias", initializers);
        // Every learnable parameter and every batch norm statistic is in the file exactly once, with its values.
        var parameters = model.NamedParameters().Select(pair => (pair.Name, pair.Parameter.Value))
            .Concat(model.NamedBuffers().Select(pair => (pair.Name, Value: pair.Buffer)));
        foreach (var (parameterName, value) in parameters)
        {
            var tensor = proto.Graph.Initializer.Single(initializer => initializer.Name == parameterName);
            Assert.Equal(value.ShapeArray().Select(dimension => (long)dimension), tensor.Dims);
            Assert.Equal(value.Span.ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray());
        }

        Assert.Equal("N", proto.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("output", proto.Graph.Output.Single().Name);
    }

    [Fact]
    public void ReluSixBecomesClipWithBoundsAsInputs()
    {
        var model = new Sequential(new Nn.Conv2d(2, 3, 3, options: new Operators.Conv2dOptions { Padding = Geometry.Padding.Explicit(0, 1, 2, 1) }), new Relu6());
        var proto = OnnxExporter.Export(model, [1, 2, 5, 5]);

        var clip = proto.Graph.Node.Single(node => node.OpType == "Clip");
        Assert.Equal(3, clip.Input.Count);
        var bounds = clip.Input.Skip(1).Select(name => proto.Graph.Initializer.Single(tensor => tensor.Name == name))
            .Select(tensor => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span)[0]).ToArray();
        Assert.Equal([0f, 6f], bounds);
        var conv = proto.Graph.Node.Single(node => node.OpType == "Conv");
        Assert.Equal([0L, 1, 2, 1], conv.Attribute.Single(attribute => attribute.Name == "pads").Ints);
    }

    [Fact]
    public void AsymmetricPaddingDilationAndGroupsMatchOnnxRuntime()
    {
        var options = new Operators.Conv2dOptions { Stride = new(2, 1), Dilation = new(1, 2), Padding = Geometry.Padding.Explicit(1, 0, 2, 3) };
        var model = new Sequential(
            new Nn.Conv2d(4, 6, new Geometry.Size2D(3, 2), groups: 2, options: options),
            new BatchNorm2d(6),
            new Sigmoid(),
            new Nn.DepthwiseConv2d(6, 3, depthMultiplier: 2, options: new Operators.Conv2dOptions { Padding = Geometry.Padding.SameUpper, Activation = Operators.Activation.HardSwish }),
            new GlobalAveragePool(),
            new Flatten(),
            new Nn.Linear(12, 5));
        Initialization.Default(model, 1);
        ModelRandomizer.Randomize(model, 2);
        model.Eval();
        var input = ModelRandomizer.Input(new Random(3), 3, 4, 11, 9);

        var ours = model.Forward(input);
        var theirs = OnnxRuntimeOracle.Run(OnnxExporter.ExportBytes(model, input.Shape, new OnnxExportOptions { FoldBatchNorm = true }), input);

        AssertClose(ours.Span.ToArray(), theirs);
    }

    [Fact]
    public void UnknownModuleIsRejectedWithItsName()
    {
        var model = new Sequential(new Relu(), new Unexportable());

        var exception = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, [1, 1, 2, 2]));
        Assert.Contains("'1'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Unexportable), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveWritesAFileThatParses()
    {
        var path = Path.Combine(Path.GetTempPath(), $"depthwise-export-{Guid.NewGuid():N}.onnx");
        try
        {
            var model = MobileNetV1.Create(new MobileNetOptions { Width = 0.25, Classes = 7 });
            OnnxExporter.Save(model, [1, 3, 32, 32], path);

            var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            Assert.Equal(model.ParameterCount() + model.NamedBuffers().Sum(pair => (long)pair.Buffer.Length),
                proto.Graph.Initializer.Where(tensor => tensor.Dims.Count > 0).Sum(tensor => tensor.Dims.Aggregate(1L, (product, dimension) => product * dimension)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double AssertClose(float[] ours, float[] reference)
    {
        Assert.Equal(reference.Length, ours.Length);
        var scale = Math.Max(1.0, reference.Max(value => Math.Abs((double)value)));
        var worst = 0.0;
        for (var i = 0; i < ours.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)ours[i] - reference[i]));
        }

        Assert.True(worst <= 1e-4 * scale, $"max |ours − onnxruntime| = {worst:E3}, allowed {1e-4 * scale:E3}");
        return worst;
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average(value => (double)value);
        return Math.Sqrt(values.Average(value => (value - mean) * (value - mean)));
    }

    private sealed class Unexportable : Module
    {
        public override Tensor Forward(Tensor input) => input;

        public override LayerCost Describe(ReadOnlySpan<int> inputShape) => LayerCost.Leaf(nameof(Unexportable), string.Empty, inputShape, inputShape, Cost.OpCost.Zero);
    }
}
