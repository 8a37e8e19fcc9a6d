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
