using System.Text.Json;

namespace Depthwise.Tests.Cli;

public sealed class CostOnnxCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("depthwise-cost-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AnExportedModelCostsWhatTheBuilderSaysItsConvolutionsCost()
    {
        var path = Path.Combine(_folder, "mv2.onnx");
        var exported = CliRunner.Run("export", "--model", "mobilenet-v2", "--width", "0.5", "--resolution", "96", "--out", path);
        Assert.True(exported.ExitCode == 0, exported.Error);

        var fromFile = CliRunner.Run("cost", path, "--shape", "1,3,96,96", "--json");
        var fromBuilder = CliRunner.Run("cost", "--model", "mobilenet-v2", "--width", "0.5", "--resolution", "96", "--json");

        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.True(fromBuilder.ExitCode == 0, fromBuilder.Error);
        using var file = JsonDocument.Parse(fromFile.Output);
        using var builder = JsonDocument.Parse(fromBuilder.Output);
        // The builder's Linear classifier is the file's one Gemm; together with the convolutions the totals agree.
        var builderLayers = builder.RootElement.GetProperty("layers").EnumerateArray().ToArray();
        var builderLinearMacs = builderLayers.Where(layer => layer.GetProperty("operation").GetString() == "Linear").Sum(layer => layer.GetProperty("macs").GetInt64());
        var products = file.RootElement.GetProperty("matrix_products").EnumerateArray().ToArray();
        var gemm = Assert.Single(products);
        Assert.Equal(builderLinearMacs, gemm.GetProperty("macs").GetInt64());
        // MobileNetV2 keeps its 1280-channel last layer for widths below 1; the classifier maps it to 1000 classes.
        Assert.Equal((1, 1280, 1000), (gemm.GetProperty("rows").GetInt32(), gemm.GetProperty("inner").GetInt32(), gemm.GetProperty("columns").GetInt32()));
        Assert.Equal(1280L * 1000, gemm.GetProperty("macs").GetInt64());
        Assert.Equal(builderLayers.Sum(layer => layer.GetProperty("macs").GetInt64()), file.RootElement.GetProperty("total").GetProperty("macs").GetInt64());
        Assert.Equal(52, file.RootElement.GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public void ModelAndFileTogetherIsAnError()
    {
        var result = CliRunner.Run("cost", Path.Combine(_folder, "x.onnx"), "--model", "mobilenet-v2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
    }

    [Fact]
    public void NeitherModelNorFileIsAnError()
    {
        var result = CliRunner.Run("cost");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--model", result.Error);
    }
}
