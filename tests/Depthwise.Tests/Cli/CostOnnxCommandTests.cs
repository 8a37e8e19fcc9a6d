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
        // The file lists convolutions only; the builder's table also has the Linear classifier.
        var builderConvolutionMacs = builder.RootElement.GetProperty("layers").EnumerateArray()
            .Where(layer => layer.GetProperty("operation").GetString() != "Linear")
            .Sum(layer => layer.GetProperty("macs").GetInt64());
        Assert.Equal(builderConvolutionMacs, file.RootElement.GetProperty("total").GetProperty("macs").GetInt64());
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
