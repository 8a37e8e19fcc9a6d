using Depthwise.Diagnostics;

namespace Depthwise.Tests.Diagnostics;

public class RoofProbeTests
{
    [Fact]
    public void FmaProbeReportsAPositiveFiniteRate()
    {
        var gigaflops = RoofProbe.FmaGigaflops(1, TimeSpan.FromMilliseconds(20));
        Assert.True(double.IsFinite(gigaflops) && gigaflops > 0, $"{gigaflops}");
    }

    [Theory]
    [InlineData(BandwidthKind.Copy)]
    [InlineData(BandwidthKind.Triad)]
    [InlineData(BandwidthKind.StreamingCopy)]
    public void BandwidthProbeReportsAPositiveFiniteRate(BandwidthKind kind)
    {
        var gigabytes = RoofProbe.BandwidthGigabytes(kind, 64 << 10, 2, TimeSpan.FromMilliseconds(20));
        Assert.True(double.IsFinite(gigabytes) && gigabytes > 0, $"{gigabytes}");
    }

    [Fact]
    public void ProbesRejectNonsense()
    {
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => RoofProbe.FmaGigaflops(0, TimeSpan.FromMilliseconds(1))).ParamName);
        Assert.Equal("bytesPerArray", Assert.Throws<ArgumentOutOfRangeException>(() => RoofProbe.BandwidthGigabytes(BandwidthKind.Copy, 10, 1, TimeSpan.FromMilliseconds(1))).ParamName);
    }
}
