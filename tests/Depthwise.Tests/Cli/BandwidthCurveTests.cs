using Depthwise.Cli.Benchmarking;

namespace Depthwise.Tests.Cli;

/// <summary>
/// The bandwidth curve a cached layer is rated against: its sizes, its upper envelope (a slow reading at a small size
/// does not lower the roof there, and the roof never rises with size), the interpolation between sizes, and the best of
/// two probes.
/// </summary>
public sealed class BandwidthCurveTests
{
    // A dip at 64 KiB below the 512 KiB reading, as this Zen 5's L2 shows at 128–384 KiB.
    private static readonly BandwidthCurve Curve = new(
    [
        new(64 << 10, CopyGigabytes: 170, TriadGigabytes: 160),
        new(512 << 10, 220, 200),
        new(1 << 20, 140, 150),
    ]);

    [Fact]
    public void SizesStepByTheSquareRootOfTwoFromSixteenKibibytesToTheLargest()
    {
        var sizes = BandwidthCurve.Sizes(32 << 20).ToList();

        Assert.Equal(16 << 10, sizes[0]);
        Assert.Equal(32 << 20, sizes[^1]);
        Assert.Equal(23, sizes.Count);
        Assert.All(sizes.Zip(sizes.Skip(1)), pair => Assert.InRange((double)pair.Second / pair.First, 1.414, 1.415));
        Assert.Equal(sizes.Take(22), BandwidthCurve.Sizes((32 << 20) - 1));
    }

    [Theory]
    [InlineData(64 << 10, 220)]
    [InlineData(512 << 10, 220)]
    [InlineData(1 << 20, 150)]
    public void ASizeIsRatedAtTheBestReadingThereOrAtAnyLargerSize(long bytes, double expected) =>
        Assert.Equal(expected, Curve.Gigabytes(bytes), 9);

    [Fact]
    public void BetweenTwoSizesTheRoofIsInterpolatedInTheLogarithmOfTheSize()
    {
        // √(512 KiB · 1 MiB) lies halfway between them on a logarithmic axis.
        var halfway = (long)Math.Round(Math.Sqrt(512.0 * 1024 * (1 << 20)));

        Assert.Equal(185, Curve.Gigabytes(halfway), 3);
        Assert.True(Curve.Gigabytes(600 << 10) > Curve.Gigabytes(900 << 10));
    }

    [Fact]
    public void OutsideTheProbedSizesTheNearestEndHolds()
    {
        Assert.Equal(220, Curve.Gigabytes(1024), 9);
        Assert.Equal(150, Curve.Gigabytes(64L << 20), 9);
    }

    [Fact]
    public void TheBestOfTwoProbesKeepsTheHigherCopyAndTriadAtEachSize()
    {
        var other = new BandwidthCurve([new(64 << 10, 180, 150), new(512 << 10, 210, 230), new(1 << 20, 100, 100)]);

        var best = Curve.Best(other);

        Assert.Equal([new(64 << 10, 180, 160), new(512 << 10, 220, 230), new(1 << 20, 140, 150)], best.Points);
    }

    [Fact]
    public void CurvesOfOtherSizesCannotBeCombined()
    {
        var other = new BandwidthCurve([new(64 << 10, 180, 150), new(1 << 20, 100, 100)]);

        var error = Assert.Throws<ArgumentException>(() => Curve.Best(other));
        Assert.Equal("other", error.ParamName);
    }
}
