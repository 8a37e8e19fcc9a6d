using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// 3×3 stride-1 rows of 28–112 pixels of blocked input and output, which the blocked kernel computes in bands of four
/// rows (rows under 56 pixels, Taps3x3Stride1Window) or two (56 and more, Taps3x3Stride1TwoRowWindow), each walked left
/// to right over an input window (AVX-512), the last rows of a work item too few for a band by the strips or runs:
/// against the scalar reference over heights 1–12 (no band, one band with padding rows above and below, bands with
/// leftovers of one to three rows), 28 and 56, widths 14–112 (14 keeps the strips; 55, 56 and 57 on either side of the
/// 2-row bands; 56, 57 and 58 end the steady loop with 0, 1 and 2 columns to go), channel
/// counts below, at and past a block, every activation, "same" and "valid" padding; bit for bit across thread counts
/// (work items cut the plane's rows where the bands do not, so rows move between the window and the strips), across
/// the NCHW, prepared, blocked and NHWC entry points, and against the eight-pixel blocks.
/// </summary>
[Trait("Category", "Kernel")]
public class Taps3x3Stride1WindowTests
{
    private static readonly Activation[] Activations =
    [
        Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f),
    ];

    public static TheoryData<int, int> Planes()
    {
        var data = new TheoryData<int, int>();
        foreach (var width in new[] { 14, 28, 42, 55, 56, 57, 58, 70, 84, 98, 112 })
        {
            for (var height = 1; height <= 12; height++)
            {
                data.Add(width, height);
            }

            data.Add(width, 28);
            data.Add(width, 56);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Planes))]
    public void WindowMatchesTheReference(int width, int height)
    {
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
                    Path = DepthwiseConvPath.Blocked,
                    Activation = Activations[(cases + height) % Activations.Length],
                    HasBias = cases % 2 == 0,
                    Threads = 1 + (cases % 3),
                    Seed = cases + (7 * width) + height,
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
    public void WindowGivesTheSameBitsForOneToFourThreads(int width, int height)
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
        problem.AssertSameBitsForThreads(2, 3, 4);
    }

    // Channels-last input of one block has its pixels one register apart and takes the window too; NCHW takes the
    // planar kernels.
    [Theory]
    [MemberData(nameof(Planes))]
    public void WindowAgreesWithEveryEntryPoint(int width, int height)
    {
        var problem = DepthwiseConvCase.Default with
        {
            Channels = 16,
            Height = height,
            Width = width,
            Activation = Activations[height % Activations.Length],
            Threads = 1,
            Seed = (3 * width) + height,
        };
        problem.AssertEntryPointsAgree("3×3 s1 NCHW");
    }

    // The window's padding columns against real zero columns, which take the eight-pixel blocks.
    [Theory]
    [MemberData(nameof(Planes))]
    public void WindowEqualsTheEightPixelBlocksBitForBit(int width, int height)
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
        problem.AssertEqualsZeroColumnBlocks("window");
    }
}
