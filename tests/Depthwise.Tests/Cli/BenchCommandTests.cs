namespace Depthwise.Tests.Cli;

/// <summary>
/// <c>depthwise bench</c>: a filter that names no layer, or a round count below one, is refused before the roofs are
/// measured (seconds of probing), naming the option, the value and what was expected.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void AFilterMatchingNoLayerIsRefusedNamingTheOptionAndALayerName()
    {
        var (exitCode, _, error) = CliRunner.Run("bench", "--suite", "mobilenet-v2", "--filter", "11×11");

        Assert.Equal(2, exitCode);
        Assert.Contains("--filter '11×11' matches no layer of --suite mobilenet-v2", error, StringComparison.Ordinal);
        Assert.Contains("dw 3×3 32 112×112 s1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void ARoundCountBelowOneIsRefusedNamingTheOption(string rounds)
    {
        var (exitCode, _, error) = CliRunner.Run("bench", "--suite", "mobilenet-v2", "--rounds", rounds);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--rounds is {rounds}: expected a positive integer", error, StringComparison.Ordinal);
    }
}
