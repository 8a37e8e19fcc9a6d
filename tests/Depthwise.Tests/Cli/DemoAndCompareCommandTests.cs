using System.Text.Json;

namespace Depthwise.Tests.Cli;

public class DemoAndCompareCommandTests
{
    [Fact]
    public void DemoShowsTheSeedsCountsAndTheFormula()
    {
        var (exitCode, output, error) = CliRunner.Run("demo", "--threads", "1");

        Assert.True(exitCode == 0, error);
        // The seed's example: 28×28×3, valid → 26×26 maps; 27 vs 9 multiplies per output value.
        Assert.Contains("26×26×1", output);
        Assert.Contains("26×26×3", output);
        Assert.Matches(@"traditional\s*│[^\n]*│\s*27\s*│\s*27", output);
        Assert.Matches(@"depthwise\s*│[^\n]*│\s*9\s*│\s*27", output);
        // The worked example checks the kernel against the expanded formula and the reference.
        Assert.DoesNotContain("MISMATCH", output);
        Assert.Contains("max |diff| = 0", output);
        // The saving next to 1/N + 1/k² for N = 64, k = 3.
        Assert.Contains("1/64 + 1/9", output);
    }

    [Fact]
    public void CompareJsonCarriesGeometryCostsAndLatency()
    {
        var (exitCode, output, error) = CliRunner.Run("compare", "--input", "20x18x3", "--kernel", "3", "--stride", "2", "--padding", "same", "--out-channels", "8,16", "--threads", "1", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(8, rows.Count);

        // same padding, stride 2: output ceil(20/2) × ceil(18/2) = 10 × 9.
        const long Pixels = 10 * 9;
        foreach (var row in rows)
        {
            var outChannels = row.GetProperty("out_channels").GetInt64();
            var expectedMacs = row.GetProperty("convolution").GetString() switch
            {
                "traditional" => Pixels * outChannels * 27,
                "depthwise" => Pixels * 3 * 9,
                "pointwise" => Pixels * outChannels * 3,
                "separable" => (Pixels * 3 * 9) + (Pixels * outChannels * 3),
                var other => throw new InvalidOperationException(other),
            };
            Assert.Equal(expectedMacs, row.GetProperty("macs").GetInt64());
            Assert.Equal(2 * expectedMacs, row.GetProperty("flops").GetInt64());
            Assert.True(row.GetProperty("min_ms").GetDouble() <= row.GetProperty("p95_ms").GetDouble());
            Assert.True(row.GetProperty("p95_ms").GetDouble() <= row.GetProperty("max_ms").GetDouble());
        }
    }

    [Theory]
    [InlineData("compare", "--input", "20x18")]
    [InlineData("compare", "--input", "20x18x3", "--stride", "0")]
    [InlineData("compare", "--input", "20x18x3", "--padding", "sometimes")]
    [InlineData("compare", "--input", "4x4x3", "--kernel", "7", "--padding", "valid")]
    [InlineData("demo", "--threads", "-1")]
    [InlineData("no-such-verb")]
    public void BadInputExitsNonZeroWithOneLine(params string[] args)
    {
        var (exitCode, _, error) = CliRunner.Run(args);

        Assert.NotEqual(0, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("compare")]
    [InlineData("conv")]
    public void EveryVerbHasHelp(string verb)
    {
        var (exitCode, output, _) = CliRunner.Run(verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output);
        Assert.Contains("--threads", output);
    }
}
