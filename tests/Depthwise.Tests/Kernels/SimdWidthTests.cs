using System.Runtime.Intrinsics;
using Depthwise.Kernels;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// Checks that the width the kernels dispatch on follows the runtime switches; run by the ISA tier tests in child
/// processes, this is what proves a switch really took effect there.
/// </summary>
[Trait("Category", "Kernel")]
public class SimdWidthTests
{
    [Fact]
    public void DisabledInstructionSetsAreNotUsed()
    {
        if (Switched("DOTNET_EnableAVX512F") && Switched("DOTNET_EnableAVX512"))
        {
            Assert.False(Vector512.IsHardwareAccelerated);
            Assert.True(SimdWidth.Widest <= 8);
        }

        if (Switched("DOTNET_EnableAVX2"))
        {
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.True(SimdWidth.Widest <= 4);
        }

        if (Switched("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector128.IsHardwareAccelerated);
            Assert.Equal(1, SimdWidth.Widest);
        }
    }

    [Fact]
    public void WidestFollowsTheHardware()
    {
        var expected = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
        Assert.Equal(expected, SimdWidth.Widest);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(100)]
    public void ForNeverExceedsTheExtentOrTheWidest(int extent)
    {
        var lanes = SimdWidth.For(extent);
        Assert.True(lanes <= SimdWidth.Widest);
        Assert.True(lanes <= extent);
        Assert.Contains(lanes, new[] { 1, 4, 8, 16 });
        // The widest width that fits: doubling (or 1 → 4) would exceed the extent or the hardware.
        var next = lanes == 1 ? 4 : lanes * 2;
        Assert.True(next > extent || next > SimdWidth.Widest);
    }

    private static bool Switched(string name) => Environment.GetEnvironmentVariable(name) == "0";
}
