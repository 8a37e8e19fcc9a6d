using System.Text.Json;
using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Onnx.Protos;

namespace Depthwise.Tests.Cli;

public sealed class CostAndExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("depthwise-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CostPrintsTheLayersTotalsPublishedFigureAndConvention()
    {
        var (exitCode, output, error) = CliRunner.Run("cost", "--model", "mobilenet-v1");

        Assert.True(exitCode == 0, error);
        Assert.Contains("features.1.0", output, StringComparison.Ordinal);
        Assert.Contains("dw 3×3/1, bn, relu", output, StringComparison.Ordinal);
        Assert.Contains("224×224×3", output, StringComparison.Ordinal);
        Assert.Contains("total: 568.74M MACs", output, StringComparison.Ordinal);
        Assert.Contains("published: 569M mult-adds, 4.2M parameters", output, StringComparison.Ordinal);
        Assert.Contains("convention:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CostJsonAgreesWithTheCostTable()
    {
        var (exitCode, output, error) = CliRunner.Run("cost", "--model", "mobilenet-v3-small", "--width", "0.75", "--resolution", "160", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        var expected = CostTable.Build(MobileNetV3.CreateSmall(new MobileNetOptions { Width = 0.75 }), [1, 3, 160, 160]);
        Assert.Equal(expected.Total.Macs, root.GetProperty("total").GetProperty("macs").GetInt64());
        Assert.Equal(expected.Total.Parameters, root.GetProperty("total").GetProperty("parameters").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(expected.Rows.Count, layers.Count);
        Assert.Equal(expected.Total.Macs, layers.Sum(layer => layer.GetProperty("macs").GetInt64()));
        Assert.Equal(1.0, layers.Sum(layer => layer.GetProperty("share").GetDouble()), 1e-9);
        Assert.Equal([1, 1000], root.GetProperty("output_shape").EnumerateArray().Select(value => value.GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("published").ValueKind);
    }

    [Theory]
    [InlineData("--width", "0")]
    [InlineData("--width", "-1")]
    [InlineData("--resolution", "0")]
    public void CostRejectsBadOptionsWithOneLine(string option, string value)
    {
        var (exitCode, _, error) = CliRunner.Run("cost", "--model", "mobilenet-v2", option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void CostRejectsAnUnknownModel()
    {
        var (exitCode, _, error) = CliRunner.Run("cost", "--model", "resnet-50");

        Assert.Equal(2, exitCode);
        Assert.Contains("resnet-50", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWritesAnOnnxModelWithEveryParameter()
    {
        var path = Path.Combine(_folder, "v2.onnx");
        var (exitCode, output, error) = CliRunner.Run("export", "--model", "mobilenet-v2", "--width", "0.35", "--resolution", "96", "--seed", "4", "--out", path);

        Assert.True(exitCode == 0, error);
        Assert.Contains("wrote v2.onnx", output, StringComparison.Ordinal);
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var model = MobileNetV2.Create(new MobileNetOptions { Width = 0.35, Seed = 4 });
        var initializers = proto.Graph.Initializer.ToDictionary(tensor => tensor.Name);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            Assert.Equal(parameter.Value.Span.ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(initializers[name].RawData.Span).ToArray());
        }

        Assert.Equal([3L, 96, 96], proto.Graph.Input.Single().Type.TensorType.Shape.Dim.Skip(1).Select(dimension => dimension.DimValue));
        Assert.Contains(proto.Graph.Node, node => node.OpType == "Clip");
        Assert.DoesNotContain(Directory.GetFiles(_folder), file => file.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void ExportCanFoldBatchNorm()
    {
        var path = Path.Combine(_folder, "v3.onnx");
        var (exitCode, _, error) = CliRunner.Run("export", "--model", "mobilenet-v3-small", "--width", "0.5", "--resolution", "64", "--fold-batch-norm", "--out", path);

        Assert.True(exitCode == 0, error);
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.DoesNotContain(proto.Graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Contains(proto.Graph.Node, node => node.OpType == "HardSwish");
    }
}
