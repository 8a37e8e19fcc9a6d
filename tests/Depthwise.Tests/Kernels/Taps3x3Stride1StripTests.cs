using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// 3×3 stride-1 rows of 14·k pixels of blocked input, which the blocked kernel computes as strips of 7 pixels walked
/// down bands of rows (Taps3x3Stride1Strip, AVX-512): against the scalar reference over heights that leave the band
/// one to five rows (each band starts and ends its rolling on its own) and planes cut into several bands, channel
/// counts below, at and past a block, every activation, "same" and "valid" padding; bit for bit across thread counts
/// (work items cut a plane's rows where the bands do not) and against the eight-pixel blocks.
/// </summary>
[Trait("Category", "Kernel")]
public class Taps3x3Stride1StripTests
{
    // Widths of 1–8 and 16 strips; at 112 pixels a band holds 34 rows, so 37 rows are one band and 70 two bands and a
    // two-row band.
    public static TheoryData<int, int> Planes()
    {
        var data = new TheoryData<int, int>();
        foreach (var width in new[] { 14, 28, 42, 56, 112 })
        {
            foreach (var height in new[] { 1, 2, 3, 4, 5, 9 })
            {
                data.Add(width, height);
            }
        }

        data.Add(112, 37);
        data.Add(112, 70);
        return data;
    }

    [Theory]
    [MemberData(nameof(Planes))]
    public void StripsMatchTheReference(int width, int height)
    {
        var activations = new[] { Activation.None, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f) };
        var cases = 0;
        foreach (var channels in new[] { 1, 5, 16, 17, 33, 40 })
        {
            foreach (var padding in new[] { Padding.SameUpper, Padding.Valid })
            {
                cases++;
                var problem = DepthwiseConvCase.Default with
                {
                    Channels = channels,
                    Height = height,
                    Width = width,
                    Padding = padding,
                    Path = cases % 3 == 0 ? DepthwiseConvPath.Prepared : DepthwiseConvPath.Blocked,
                    Activation = activations[cases % activations.Length],
                    HasBias = cases % 2 == 0,
                    Threads = 1 + (cases % 2),
                    Seed = cases + width + height,
                };
                if (problem.Fits)
                {
                    problem.AssertOptimizedMatchesReference();
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Planes))]
    public void StripsGiveTheSameBitsForOneTwoAndThreeThreads(int width, int height)
    {
        var problem = DepthwiseConvCase.Default with
        {
            Batch = 2,
            Channels = 35,
            Height = height,
            Width = width,
            Activation = Activation.Relu6,
            Path = DepthwiseConvPath.Blocked,
            Seed = width + height,
        };
        problem.AssertSameBitsForThreads(2, 3);
    }

    // The same sums with the padding columns made real zero columns and no left/right padding take the eight-pixel
    // blocks, which add fma(0, w, acc) at the same taps as the strips' padding columns.
    [Theory]
    [MemberData(nameof(Planes))]
    public void StripsEqualTheEightPixelBlocksBitForBit(int width, int height)
    {
        var problem = DepthwiseConvCase.Default with
        {
            Channels = 17,
            Height = height,
            Width = width,
            Activation = Activation.HardSwish,
            Path = DepthwiseConvPath.Blocked,
            Threads = 1,
            Seed = width * height,
        };
        problem.AssertEqualsZeroColumnBlocks("strips");
    }
}
