using Depthwise.Geometry;
using Depthwise.Onnx.Export;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Cli;

/// <summary><c>depthwise run</c> and <c>depthwise inspect</c> on a one-node depthwise ONNX model written by the exporter.</summary>
public sealed class OnnxCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("depthwise-cli-onnx-").FullName;
    private readonly float[] _weights = [.. Enumerable.Range(0, 4 * 9).Select(i => ((i % 5) - 2) * 0.25f)];

    public OnnxCommandTests()
    {
        var geometry = ConvGeometry.Create(7, 6, 3, new Size2D(2, 1), 1, Padding.Explicit(1));
        File.WriteAllBytes(ModelPath, OnnxConvModel.Create(1, 4, 7, 6, _weights, [4, 1, 3, 3], null, 4, geometry));
        Input = new Tensor([.. Enumerable.Range(0, 4 * 7 * 6).Select(i => (float)Math.Sin(i))], [1, 4, 7, 6]);
        NpyFile.Write(InputPath, Input);
    }

    private string ModelPath => Path.Combine(_folder, "dw.onnx");

    private string InputPath => Path.Combine(_folder, "x.npy");

    private Tensor Input { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_writes_the_convolution_of_the_input()
    {
        var output = Path.Combine(_folder, "y.npy");
        var (exitCode, _, error) = CliRunner.Run("run", ModelPath, "--input", InputPath, "--output", output);
        Assert.True(exitCode == 0, error);
        var expected = Conv2d.Reference(Input, new Tensor(_weights, [4, 1, 3, 3]), null, 4, new Conv2dOptions { Stride = new Size2D(2, 1), Padding = Padding.Explicit(1) });
        var actual = NpyFile.Read(output);
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected.Span[i], actual.Span[i], 1e-5f);
        }
    }

    [Fact]
    public void Run_with_output_dir_and_repeat_prints_latency()
    {
        var folder = Path.Combine(_folder, "out");
        var (exitCode, output, error) = CliRunner.Run("run", ModelPath, "--input", "x=" + InputPath, "--output-dir", folder, "--repeat", "3", "--threads", "1");
        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(folder, "y.npy")));
        Assert.Contains("latency over", output);
    }

    [Fact]
    public void Run_rejects_a_wrong_input_shape_in_one_line()
    {
        NpyFile.Write(InputPath, new Tensor([1, 3, 7, 6]));
        var (exitCode, _, error) = CliRunner.Run("run", ModelPath, "--input", InputPath, "--output", Path.Combine(_folder, "y.npy"));
        Assert.Equal(2, exitCode);
        Assert.Contains("dimension 1 must be 4", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Run_rejects_a_corrupt_model()
    {
        File.WriteAllBytes(ModelPath, [1, 2, 3, 0xFF, 0xFF]);
        var (exitCode, _, error) = CliRunner.Run("run", ModelPath, "--input", InputPath, "--output", Path.Combine(_folder, "y.npy"));
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public void Inspect_lists_the_depthwise_layer_with_its_geometry_and_macs()
    {
        var (exitCode, output, error) = CliRunner.Run("inspect", ModelPath);
        Assert.True(exitCode == 0, error);
        Assert.Contains("4×1", output);
        Assert.Contains("3×3 s(2,1) d1", output);
        Assert.Contains("7×6→4×6", output);

        // 4 channels × 4×6 outputs × 9 taps
        Assert.Contains((4 * 4 * 6 * 9).ToString(System.Globalization.CultureInfo.InvariantCulture), output);
    }
}
