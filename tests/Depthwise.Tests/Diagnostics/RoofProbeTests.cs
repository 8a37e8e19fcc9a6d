using Depthwise.Diagnostics;
using Depthwise.Kernels;

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

    [Theory]
    [InlineData(1000, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(524288 + 16, 524288)] // a 2 MiB copy array and its alignment padding: once a last slice of one line
    [InlineData(349525 + 16, 349520)]
    [InlineData((64 << 20) + 16, 524288)]
    [InlineData(1482910 + 16, 524288)]
    public void BandwidthSlicesCutTheArraysIntoNearlyEqualChunks(int floats, int mostFloats)
    {
        var slice = RoofProbe.SliceFloats(floats, mostFloats);
        if (floats <= mostFloats)
        {
            Assert.Equal(floats, slice);
            return;
        }

        var chunks = (floats + slice - 1) / slice;
        var last = floats - ((chunks - 1) * slice);
        Assert.Equal(0, slice % PinnedScratch.AlignmentFloats);
        Assert.Equal((floats + mostFloats - 1) / mostFloats, chunks);
        Assert.InRange(last, slice - (chunks * PinnedScratch.AlignmentFloats), slice);
    }

    [Fact]
    public void ProbesRejectNonsense()
    {
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => RoofProbe.FmaGigaflops(0, TimeSpan.FromMilliseconds(1))).ParamName);
        Assert.Equal("bytesPerArray", Assert.Throws<ArgumentOutOfRangeException>(() => RoofProbe.BandwidthGigabytes(BandwidthKind.Copy, 10, 1, TimeSpan.FromMilliseconds(1))).ParamName);
    }
}
