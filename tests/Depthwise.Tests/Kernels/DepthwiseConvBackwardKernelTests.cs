using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>The optimized depthwise backward kernels against the scalar reference, over the whole geometry space.</summary>
[Trait("Category", "Kernel")]
public sealed class DepthwiseConvBackwardKernelTests
{
    private static readonly TensorLayout[] Layouts = [TensorLayout.Nchw, TensorLayout.Nhwc];

    private static readonly Padding[] Paddings = [Padding.Valid, Padding.SameUpper, Padding.SameLower, Padding.Explicit(1, 0, 2, 1), Padding.Explicit(0, 2, 1, 0)];

    // (kernel, stride, dilation) combinations: square and non-square kernels, unequal strides, dilation.
    private static readonly (Size2D Kernel, Size2D Stride, Size2D Dilation)[] Windows =
    [
        (1, 1, 1),
        (3, 1, 1),
        (3, 2, 1),
        (new Size2D(1, 3), 1, 1),
        (new Size2D(3, 1), new Size2D(2, 1), 1),
        (5, 1, 2),
        (new Size2D(2, 4), 3, 1),
        (4, new Size2D(1, 2), new Size2D(2, 1)),
        (5, 2, 1),
        (3, 3, 2),
    ];

    /// <summary>Every window × padding × layout, with channels, multiplier, batch and input size varying from case to case.</summary>
    public static TheoryData<DepthwiseConvCase> Sweep()
    {
        var data = new TheoryData<DepthwiseConvCase>();
        var index = 0;
        foreach (var layout in Layouts)
        {
            foreach (var padding in Paddings)
            {
                foreach (var (kernel, stride, dilation) in Windows)
                {
                    // Channels cycle through 1…33 (below, at and above the register widths), M through 1…3, batch 1 and 3.
                    var problem = DepthwiseConvCase.Default with
                    {
                        Batch = index % 2 == 0 ? 1 : 3,
                        Channels = 1 + (index * 7 % 33),
                        Multiplier = 1 + (index % 3),
                        Height = 9 + (index % 5),
                        Width = 17 + (index * 3 % 21),
                        Kernel = kernel,
                        Stride = stride,
                        Dilation = dilation,
                        Padding = padding,
                        Layout = layout,
                        HasBias = index % 4 != 3,
                        Seed = index,
                    };
                    index++;
                    if (problem.Fits)
                    {
                        data.Add(problem);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sweep))]
    public void OptimizedMatchesReference(DepthwiseConvCase problem) => DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);

    [Theory]
    [InlineData(TensorLayout.Nchw, 16)]
    [InlineData(TensorLayout.Nchw, 1)]
    [InlineData(TensorLayout.Nhwc, 33)]
    [InlineData(TensorLayout.Nhwc, 4)]
    public void ChannelsAroundTheRegisterWidths(TensorLayout layout, int channels)
    {
        for (var width = 1; width <= 40; width += 3)
        {
            DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(
                DepthwiseConvCase.Default with { Channels = channels, Width = width, Height = 5, Layout = layout, Seed = width });
        }
    }

    [Fact]
    public void RandomProblemsOverTheWholeSpace()
    {
        var paddingGen = Gen.Int[0, 4].SelectMany(mode => mode switch
        {
            0 => Gen.Const(Padding.Valid),
            1 => Gen.Const(Padding.SameUpper),
            2 => Gen.Const(Padding.SameLower),
            _ => Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Padding.Explicit),
        });
        var sizeGen = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 3], (height, width) => new Size2D(height, width));
        var shapeGen = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 33], Gen.Int[1, 3], Gen.Int[1, 20], Gen.Int[1, 20]);
        var optionsGen = Gen.Select(
            Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], (height, width) => new Size2D(height, width)),
            sizeGen,
            Gen.Select(Gen.Int[1, 2], Gen.Int[1, 2], (height, width) => new Size2D(height, width)),
            paddingGen,
            Gen.OneOfConst(Layouts),
            Gen.Bool,
            Gen.Int[1, 3]);
        var caseGen = Gen.Select(shapeGen, optionsGen, Gen.Int, (shape, options, seed) => new DepthwiseConvCase(
                shape.Item1, shape.Item2, shape.Item3, shape.Item4, shape.Item5, options.Item1, options.Item2, options.Item3, options.Item4, options.Item5,
                Activation.None, options.Item6, options.Item7, seed))
            .Where(problem => problem.Fits);

        caseGen.Sample(DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference, iter: 200);
    }

    /// <summary>
    /// The channel-blocked kernels (depth multiplier 1): the written-out 3×3 stride-1 body and the tap loop over kernels
    /// 1…7, strides 1…3 and (2, 1), (1, 3), dilation, on widths around the block of eight and the register, channel
    /// counts on both sides of every register width (NHWC tail blocks, NCHW partial blocks), rows narrower than a
    /// register (the flat transpose) and planes smaller than one (pixel by pixel).
    /// </summary>
    public static TheoryData<DepthwiseConvCase> BlockedSweep()
    {
        (Size2D Kernel, Size2D Stride, Size2D Dilation)[] windows =
        [
            (3, 1, 1), (3, 2, 1), (1, 1, 1), (2, 1, 1), (4, 2, 1), (5, 1, 1), (5, 2, 1), (6, 3, 1), (7, 1, 1), (7, 2, 1),
            (3, new Size2D(2, 1), 1), (new Size2D(3, 5), new Size2D(1, 3), 1), (3, 1, 2), (3, 2, new Size2D(1, 3)),
        ];
        int[] channels = [1, 3, 4, 7, 8, 15, 16, 17, 33];
        (int Height, int Width)[] sizes = [(1, 1), (3, 2), (5, 7), (6, 8), (9, 15), (7, 16), (4, 17), (11, 25)];
        var data = new TheoryData<DepthwiseConvCase>();
        var index = 0;
        foreach (var layout in Layouts)
        {
            foreach (var (kernel, stride, dilation) in windows)
            {
                for (var variant = 0; variant < 3; variant++)
                {
                    var (height, width) = sizes[(index + variant) % sizes.Length];
                    var problem = DepthwiseConvCase.Default with
                    {
                        Batch = 1 + (index % 2),
                        Channels = channels[index % channels.Length],
                        Height = height + kernel.Height,
                        Width = width + kernel.Width,
                        Kernel = kernel,
                        Stride = stride,
                        Dilation = dilation,
                        Padding = Paddings[index % Paddings.Length],
                        Layout = layout,
                        HasBias = index % 3 != 2,
                        Threads = 1 + (index % 2),
                        Seed = 1000 + index,
                    };
                    index++;
                    if (problem.Fits)
                    {
                        data.Add(problem);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BlockedSweep))]
    public void BlockedKernelsMatchReference(DepthwiseConvCase problem) => DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);

    /// <summary>
    /// The planar body (NCHW 3×3 stride 1, multiplier 1, rows of at least two registers): widths on both sides of whole
    /// registers, every padding (including pads larger than the kernel), heights from 1, batches and thread counts.
    /// </summary>
    public static TheoryData<DepthwiseConvCase> PlanarSweep() =>
        PlanarCases([32, 33, 40, 47, 48, 49, 56, 64, 70], [.. Paddings, Padding.Explicit(3, 4, 0, 5)], stride: 1, heights: 13, threads: 2, firstSeed: 2000);

    [Theory]
    [MemberData(nameof(PlanarSweep))]
    public void PlanarBodyMatchesReference(DepthwiseConvCase problem) => DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);

    /// <summary>
    /// The planar stride-2 body (NCHW 3×3 stride 2, multiplier 1, rows of at least two registers): odd and even widths and
    /// heights on both sides of whole registers (output widths too), every padding including pads larger than the kernel
    /// and odd top pads (which swap the row parities), batches and thread counts.
    /// </summary>
    public static TheoryData<DepthwiseConvCase> PlanarStride2Sweep() =>
        PlanarCases(
            [32, 33, 34, 47, 48, 56, 63, 64, 66, 97], [.. Paddings, Padding.Explicit(3, 4, 0, 5), Padding.Explicit(1, 1, 1, 1)], stride: 2, heights: 14, threads: 3, firstSeed: 3000);

    [Theory]
    [MemberData(nameof(PlanarStride2Sweep))]
    public void PlanarStride2BodyMatchesReference(DepthwiseConvCase problem) => DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);

    // NCHW 3×3 cases for the planar bodies: every width × padding, heights 1 … heights, batches 1–2, channels 1–5,
    // 1 … threads threads, a bias on two cases in three.
    private static TheoryData<DepthwiseConvCase> PlanarCases(int[] widths, Padding[] paddings, int stride, int heights, int threads, int firstSeed)
    {
        var data = new TheoryData<DepthwiseConvCase>();
        var index = 0;
        foreach (var width in widths)
        {
            foreach (var padding in paddings)
            {
                var problem = DepthwiseConvCase.Default with
                {
                    Batch = 1 + (index % 2),
                    Channels = 1 + (index % 5),
                    Height = 1 + (index * 5 % heights),
                    Width = width,
                    Stride = stride,
                    Padding = padding,
                    HasBias = index % 3 != 2,
                    Threads = 1 + (index % threads),
                    Seed = firstSeed + index,
                };
                index++;
                if (problem.Fits)
                {
                    data.Add(problem);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Depth multipliers 2 and 3 on the blocked bodies (each input gradient sums M output channels held in M planes):
    /// the written-out 3×3 and the tap loop, both layouts, channel counts on both sides of every register width.
    /// </summary>
    public static TheoryData<DepthwiseConvCase> MultiplierSweep()
    {
        (Size2D Kernel, Size2D Stride, Size2D Dilation)[] windows =
        [
            (3, 1, 1), (3, 2, 1), (1, 1, 1), (5, 1, 2), (3, new Size2D(2, 1), 1), (7, 2, 1), (new Size2D(2, 4), 3, 1),
        ];
        int[] channels = [1, 3, 7, 8, 16, 17, 33];
        var data = new TheoryData<DepthwiseConvCase>();
        var index = 0;
        foreach (var layout in Layouts)
        {
            foreach (var (kernel, stride, dilation) in windows)
            {
                foreach (var multiplier in new[] { 2, 3 })
                {
                    var problem = DepthwiseConvCase.Default with
                    {
                        Batch = 1 + (index % 2),
                        Channels = channels[index % channels.Length],
                        Multiplier = multiplier,
                        Height = 6 + (index % 7) + kernel.Height,
                        Width = 5 + (index * 5 % 29) + kernel.Width,
                        Kernel = kernel,
                        Stride = stride,
                        Dilation = dilation,
                        Padding = Paddings[index % Paddings.Length],
                        Layout = layout,
                        HasBias = index % 3 != 1,
                        Threads = 1 + (index % 2),
                        Seed = 3000 + index,
                    };
                    index++;
                    if (problem.Fits)
                    {
                        data.Add(problem);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MultiplierSweep))]
    public void DepthMultipliersMatchReference(DepthwiseConvCase problem) => DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);

    /// <summary>
    /// Images tall enough for the blocked bodies to walk them in several bands of rows: the halo rows each band converts
    /// again, the bias rows each band owns (pads larger than the kernel put whole output rows above and below the image),
    /// strides that do not divide the band height, and rows narrower than a register (the flat transpose per band).
    /// </summary>
    [Theory]
    [InlineData(TensorLayout.Nchw, 17, 48, 64, 3, 2, 1, 1)]
    [InlineData(TensorLayout.Nchw, 16, 300, 5, 3, 1, 1, 2)]
    [InlineData(TensorLayout.Nchw, 16, 61, 64, 5, 3, 2, 1)]
    [InlineData(TensorLayout.Nchw, 33, 80, 64, 3, 1, 1, 3)]
    [InlineData(TensorLayout.Nhwc, 17, 48, 64, 3, 1, 1, 1)]
    [InlineData(TensorLayout.Nhwc, 16, 57, 64, 5, 2, 2, 2)]
    [InlineData(TensorLayout.Nhwc, 20, 70, 33, 4, 3, 1, 3)]
    public void BandsOfRowsMatchReference(TensorLayout layout, int channels, int height, int width, int kernel, int stride, int dilation, int multiplier)
    {
        foreach (var padding in new[] { Padding.SameUpper, Padding.Valid, Padding.Explicit(7, 1, 6, 2) })
        {
            var problem = DepthwiseConvCase.Default with
            {
                Channels = channels,
                Multiplier = multiplier,
                Height = height,
                Width = width,
                Kernel = kernel,
                Stride = stride,
                Dilation = dilation,
                Padding = padding,
                Layout = layout,
                Seed = height + width,
            };
            DepthwiseConvBackwardCheck.AssertOptimizedMatchesReference(problem);
        }
    }

    /// <summary>Every body and the bands give the same bits for 1, 2 and 3 threads.</summary>
    [Theory]
    [InlineData(TensorLayout.Nchw, 1, 3, 1, 40)]
    [InlineData(TensorLayout.Nchw, 3, 3, 1, 64)]
    [InlineData(TensorLayout.Nchw, 1, 5, 2, 64)]
    [InlineData(TensorLayout.Nchw, 1, 3, 2, 64)]
    [InlineData(TensorLayout.Nhwc, 2, 3, 1, 64)]
    [InlineData(TensorLayout.Nhwc, 1, 5, 2, 64)]
    public void SameBitsForAnyThreadCountOnEveryBody(TensorLayout layout, int multiplier, int kernel, int stride, int width)
    {
        var problem = DepthwiseConvCase.Default with { Batch = 3, Channels = 19, Multiplier = multiplier, Height = 45, Width = width, Kernel = kernel, Stride = stride, Layout = layout };
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var one = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options with { Threads = 1 });
        foreach (var threads in new[] { 2, 3 })
        {
            var other = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options with { Threads = threads });
            Assert.Equal(one.GradInput.Span.ToArray(), other.GradInput.Span.ToArray());
            Assert.Equal(one.GradWeights.Span.ToArray(), other.GradWeights.Span.ToArray());
            Assert.Equal(one.GradBias!.Span.ToArray(), other.GradBias!.Span.ToArray());
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 1, 1)]
    [InlineData(TensorLayout.Nchw, 1, 2)]
    [InlineData(TensorLayout.Nchw, 2, 1)]
    [InlineData(TensorLayout.Nhwc, 1, 1)]
    [InlineData(TensorLayout.Nhwc, 1, 2)]
    [InlineData(TensorLayout.Nhwc, 2, 1)]
    public void SameBitsForAnyThreadCount(TensorLayout layout, int multiplier, int strideHeight)
    {
        var problem = DepthwiseConvCase.Default with { Batch = 3, Channels = 37, Multiplier = multiplier, Height = 19, Width = 23, Stride = new Size2D(strideHeight, 1), Layout = layout };
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var one = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options with { Threads = 1 });
        foreach (var threads in new[] { 2, 3 })
        {
            var other = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options with { Threads = threads });
            Assert.Equal(one.GradInput.Span.ToArray(), other.GradInput.Span.ToArray());
            Assert.Equal(one.GradWeights.Span.ToArray(), other.GradWeights.Span.ToArray());
            Assert.Equal(one.GradBias!.Span.ToArray(), other.GradBias!.Span.ToArray());
        }
    }
}
