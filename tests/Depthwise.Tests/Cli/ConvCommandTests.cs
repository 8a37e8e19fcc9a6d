using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Cli;

public sealed class ConvCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("depthwise-conv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("nchw")]
    [InlineData("nhwc")]
    public void DepthwiseConvolutionRoundTripsThroughNpyFiles(string layout)
    {
        var random = new Random(3);
        var nchwInput = RandomTensor(random, [2, 3, 9, 7]);
        var weights = RandomTensor(random, [6, 1, 3, 3]);
        var bias = RandomTensor(random, [6]);
        var tensorLayout = layout == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        NpyFile.Write(Path("x.npy"), nchwInput.ToLayout(tensorLayout));
        NpyFile.Write(Path("w.npy"), weights);
        NpyFile.Write(Path("b.npy"), bias);

        var (exitCode, _, error) = CliRunner.Run(
            "conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--bias", Path("b.npy"), "--groups", "3",
            "--stride", "2,1", "--padding", "same", "--activation", "relu6", "--layout", layout, "--output", Path("y.npy"));

        Assert.True(exitCode == 0, error);
        var options = new Conv2dOptions { Stride = new(2, 1), Padding = Depthwise.Geometry.Padding.SameUpper, Activation = Activation.Relu6 };
        var expected = DepthwiseConv2d.Reference(nchwInput, weights, bias, options);
        var actual = NpyFile.Read(Path("y.npy"), tensorLayout).ToLayout(TensorLayout.Nchw);
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected.Span[i], actual.Span[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData("nchw", 3)]
    [InlineData("nhwc", 3)]
    [InlineData("nchw", 1)]
    public void GradientsMatchTheReferenceBackward(string layout, int groups)
    {
        var random = new Random(5);
        var nchwInput = RandomTensor(random, [2, 3, 9, 7]);
        var weights = RandomTensor(random, [6, 3 / groups, 3, 3]);
        var tensorLayout = layout == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var options = new Conv2dOptions { Stride = new(2, 1), Padding = Depthwise.Geometry.Padding.SameUpper };
        var outputShape = Conv2d.Reference(nchwInput, weights, null, groups, options).ShapeArray();
        var gradOutput = RandomTensor(random, outputShape);
        NpyFile.Write(Path("x.npy"), nchwInput.ToLayout(tensorLayout));
        NpyFile.Write(Path("w.npy"), weights);
        NpyFile.Write(Path("go.npy"), gradOutput.ToLayout(tensorLayout));

        var (exitCode, _, error) = CliRunner.Run(
            "conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--groups", groups.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--stride", "2,1", "--padding", "same", "--layout", layout, "--output", Path("y.npy"),
            "--grad-output", Path("go.npy"), "--grad-input", Path("gi.npy"), "--grad-weights", Path("gw.npy"), "--grad-bias", Path("gb.npy"));

        Assert.True(exitCode == 0, error);
        var expected = Conv2d.BackwardReference(nchwInput, weights, gradOutput, groups, options, computeBias: true);
        AssertClose(expected.GradInput, NpyFile.Read(Path("gi.npy"), tensorLayout).ToLayout(TensorLayout.Nchw));
        AssertClose(expected.GradWeights, NpyFile.Read(Path("gw.npy")));
        AssertClose(expected.GradBias!, NpyFile.Read(Path("gb.npy")));
    }

    [Fact]
    public void GradientFilesWithoutGradOutputAreAnError()
    {
        var random = new Random(6);
        NpyFile.Write(Path("x.npy"), RandomTensor(random, [1, 2, 5, 5]));
        NpyFile.Write(Path("w.npy"), RandomTensor(random, [2, 1, 3, 3]));

        var result = CliRunner.Run("conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--groups", "2", "--output", Path("y.npy"), "--grad-input", Path("gi.npy"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--grad-output", result.Error);
        Assert.False(File.Exists(Path("gi.npy")));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected.Span[i], actual.Span[i], 1e-4f * (1 + Math.Abs(expected.Span[i])));
        }
    }

    [Fact]
    public void TraditionalConvolutionMatchesTheReference()
    {
        var random = new Random(4);
        var input = RandomTensor(random, [1, 4, 8, 8]);
        var weights = RandomTensor(random, [5, 4, 3, 3]);
        NpyFile.Write(Path("x.npy"), input);
        NpyFile.Write(Path("w.npy"), weights);

        var (exitCode, _, error) = CliRunner.Run("conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--padding", "1,0,1,2", "--output", Path("y.npy"));

        Assert.True(exitCode == 0, error);
        var expected = Conv2d.Reference(input, weights, null, 1, new Conv2dOptions { Padding = Depthwise.Geometry.Padding.Explicit(1, 0, 1, 2) });
        var actual = NpyFile.Read(Path("y.npy"));
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected.Span[i], actual.Span[i], 1e-5f);
        }
    }

    [Fact]
    public void MalformedNpyFailsCleanlyAndLeavesTheOutputAlone()
    {
        File.WriteAllBytes(Path("x.npy"), [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{']);
        NpyFile.Write(Path("w.npy"), new Tensor([1, 1, 3, 3]));
        File.WriteAllText(Path("y.npy"), "precious");

        var (exitCode, _, error) = CliRunner.Run("conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--output", Path("y.npy"));

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("precious", File.ReadAllText(Path("y.npy")));
    }

    [Fact]
    public void WeightsThatDoNotMatchTheGroupsFailWithOneLine()
    {
        NpyFile.Write(Path("x.npy"), new Tensor([1, 4, 6, 6]));
        NpyFile.Write(Path("w.npy"), new Tensor([4, 3, 3, 3]));

        var (exitCode, _, error) = CliRunner.Run("conv", "--input", Path("x.npy"), "--weights", Path("w.npy"), "--groups", "2", "--output", Path("y.npy"));

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.False(File.Exists(Path("y.npy")));
    }

    private static Tensor RandomTensor(Random random, int[] shape)
    {
        var tensor = new Tensor(shape);
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor.Span[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return tensor;
    }

    private string Path(string name) => System.IO.Path.Combine(_folder, name);
}
