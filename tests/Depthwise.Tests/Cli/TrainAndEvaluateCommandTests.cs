using Depthwise.Data;
using Depthwise.Tests.Training;
using Depthwise.Training;

namespace Depthwise.Tests.Cli;

public sealed class TrainAndEvaluateCommandTests : IDisposable
{
    private readonly string _data = SyntheticFashionMnist.WriteDirectory(48, 20);
    private readonly string _output = Directory.CreateTempSubdirectory("depthwise-train-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public void Train_writes_checkpoint_and_metrics_that_evaluate_and_plot_can_read()
    {
        var (exitCode, output, error) = CliRunner.Run(
            "train", "--dataset", "fashion-mnist", "--model", "separable-cnn", "--epochs", "2", "--batch", "16", "--threads", "1",
            "--optimizer", "adamw", "--seed", "3", "--data", _data, "--out", _output);
        Assert.True(exitCode == 0, error);
        Assert.Contains("epoch 2: train loss", output, StringComparison.Ordinal);

        var metrics = TrainingMetrics.Read(Path.Combine(_output, "separable-cnn-metrics.json"));
        Assert.Equal("separable-cnn", metrics.Model);
        Assert.Equal(2, metrics.Epochs.Count);
        var csv = File.ReadAllLines(Path.Combine(_output, "separable-cnn-metrics.csv"));
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds", csv[0]);
        Assert.Equal(3, csv.Length);

        var evaluate = CliRunner.Run("evaluate", "--checkpoint", Path.Combine(_output, "separable-cnn.safetensors"), "--data", _data, "--threads", "1");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("on 20 test images: accuracy", evaluate.Output, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", evaluate.Output, StringComparison.Ordinal);
        // The evaluated accuracy is the one the last epoch reported.
        Assert.Contains(FormattableString.Invariant($"accuracy {metrics.Epochs[^1].TestAccuracy * 100:0.0}%"), evaluate.Output, StringComparison.Ordinal);

        var plot = CliRunner.Run("plot", "--kind", "training", "--input", Path.Combine(_output, "separable-cnn-metrics.json"), "--out", Path.Combine(_output, "curve.png"));
        Assert.True(plot.ExitCode == 0, plot.Error);
    }

    [Fact]
    public void Compare_prints_the_trade_off_table_for_both_twins()
    {
        var (exitCode, output, error) = CliRunner.Run(
            "train", "--compare", "--epochs", "1", "--batch", "8", "--limit-steps", "2", "--threads", "1", "--data", _data, "--out", _output);
        Assert.True(exitCode == 0, error);
        foreach (var text in new[] { "standard-cnn", "separable-cnn", "MACs/image", "p95 ms", "peak heap", "test accuracy" })
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(_output, "standard-cnn.safetensors")));
        Assert.True(File.Exists(Path.Combine(_output, "separable-cnn.safetensors")));
    }

    [Theory]
    [InlineData("train", "--batch", "1")]
    [InlineData("train", "--model", "resnet")]
    [InlineData("train", "--optimizer", "lbfgs")]
    [InlineData("train", "--lr", "-1")]
    [InlineData("train", "--weight-decay", "-0.5")]
    [InlineData("train", "--label-smoothing", "1")]
    [InlineData("evaluate", "--checkpoint", "/nonexistent/model.safetensors")]
    public void Bad_input_exits_2_with_one_error_line(params string[] args)
    {
        var (exitCode, _, error) = CliRunner.Run([.. args, "--data", _data]);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_missing_dataset_prints_the_install_line()
    {
        var (exitCode, _, error) = CliRunner.Run("train", "--data", Path.Combine(_output, "empty"), "--out", _output);
        Assert.Equal(2, exitCode);
        Assert.Contains(FashionMnist.InstallCommand, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluating_a_corrupt_checkpoint_names_the_problem()
    {
        var path = Path.Combine(_output, "bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var (exitCode, _, error) = CliRunner.Run("evaluate", "--checkpoint", path, "--model", "separable-cnn", "--data", _data);
        Assert.Equal(2, exitCode);
        Assert.Contains("header_length", error, StringComparison.Ordinal);
    }
}
