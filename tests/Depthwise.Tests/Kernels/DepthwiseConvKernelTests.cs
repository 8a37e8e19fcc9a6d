using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// Optimized depthwise convolution against the scalar reference, one axis of the problem space per theory (the full
/// product would take minutes on two cores), plus a random sweep over all axes at once.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseConvKernelTests
{
    private static readonly TensorLayout[] Layouts = [TensorLayout.Nchw, TensorLayout.Nhwc];

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings =
    [
        Padding.Valid, Padding.SameUpper, Padding.SameLower, Padding.Explicit(1), Padding.Explicit(0, 2, 1, 3), Padding.Explicit(3, 0, 0, 2),
    ];

    // 1…33 covers below, equal to, above and between multiples of every vector width (4, 8, 16).
    public static TheoryData<int, TensorLayout> ChannelCounts() => Cross(Enumerable.Range(1, 33), Layouts);

    public static TheoryData<int, int, TensorLayout> KernelSizes()
    {
        var data = new TheoryData<int, int, TensorLayout>();
        (int, int)[] sizes = [(1, 1), (1, 3), (3, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (3, 5), (5, 3), (2, 7), (11, 11)];
        foreach (var (height, width) in sizes)
        {
            foreach (var layout in Layouts)
            {
                data.Add(height, width, layout);
            }
        }

        return data;
    }

    public static TheoryData<int, int, TensorLayout> Strides()
    {
        var data = new TheoryData<int, int, TensorLayout>();
        (int, int)[] strides = [(1, 1), (2, 2), (3, 3), (2, 1), (1, 2), (3, 1), (1, 3)];
        foreach (var (height, width) in strides)
        {
            foreach (var layout in Layouts)
            {
                data.Add(height, width, layout);
            }
        }

        return data;
    }

    public static TheoryData<int, int, TensorLayout> Dilations()
    {
        var data = new TheoryData<int, int, TensorLayout>();
        (int, int)[] dilations = [(1, 1), (2, 2), (3, 3), (2, 1), (1, 3)];
        foreach (var (height, width) in dilations)
        {
            foreach (var layout in Layouts)
            {
                data.Add(height, width, layout);
            }
        }

        return data;
    }

    public static TheoryData<int, TensorLayout> PaddingIndices() => Cross(Enumerable.Range(0, Paddings.Length), Layouts);

    public static TheoryData<int, TensorLayout> ActivationIndices() => Cross(Enumerable.Range(0, Activations.Length), Layouts);

    public static TheoryData<int, int, TensorLayout> Multipliers()
    {
        var data = new TheoryData<int, int, TensorLayout>();
        foreach (var multiplier in new[] { 1, 2, 3, 4 })
        {
            foreach (var channels in new[] { 1, 3, 8, 17 })
            {
                foreach (var layout in Layouts)
                {
                    data.Add(multiplier, channels, layout);
                }
            }
        }

        return data;
    }

    // Planar (NCHW) rows are vectorized along the width: cover interiors below, equal to and above each vector width.
    public static TheoryData<int, TensorLayout> Widths() => Cross(Enumerable.Range(1, 40), Layouts);

    [Theory]
    [MemberData(nameof(ChannelCounts))]
    public void ChannelsBelowEqualAndAboveTheVectorWidth(int channels, TensorLayout layout) =>
        (DepthwiseConvCase.Default with { Channels = channels, Layout = layout, Seed = channels }).AssertOptimizedMatchesReference();

    [Theory]
    [MemberData(nameof(KernelSizes))]
    public void SquareAndNonSquareKernels(int kernelHeight, int kernelWidth, TensorLayout layout) =>
        (DepthwiseConvCase.Default with { Channels = 19, Height = 13, Width = 14, Kernel = new Size2D(kernelHeight, kernelWidth), Layout = layout })
            .AssertOptimizedMatchesReference();

    [Theory]
    [MemberData(nameof(Strides))]
    public void EqualAndUnequalStrides(int strideHeight, int strideWidth, TensorLayout layout)
    {
        foreach (var padding in new[] { Padding.Valid, Padding.SameUpper })
        {
            foreach (var kernel in new Size2D[] { 3, 4 })
            {
                (DepthwiseConvCase.Default with
                {
                    Channels = 11,
                    Height = 15,
                    Width = 40,
                    Kernel = kernel,
                    Stride = new Size2D(strideHeight, strideWidth),
                    Padding = padding,
                    Layout = layout,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dilations))]
    public void Dilation(int dilationHeight, int dilationWidth, TensorLayout layout)
    {
        foreach (var stride in new Size2D[] { 1, 2 })
        {
            (DepthwiseConvCase.Default with
            {
                Channels = 9,
                Height = 16,
                Width = 30,
                Stride = stride,
                Dilation = new Size2D(dilationHeight, dilationWidth),
                Layout = layout,
            }).AssertOptimizedMatchesReference();
        }
    }

    [Theory]
    [MemberData(nameof(PaddingIndices))]
    public void EveryPaddingModeIncludingAsymmetricPads(int paddingIndex, TensorLayout layout)
    {
        foreach (var stride in new Size2D[] { 1, 2, new(2, 1) })
        {
            foreach (var kernel in new Size2D[] { 3, 4, new(2, 5) })
            {
                (DepthwiseConvCase.Default with
                {
                    Channels = 6,
                    Height = 10,
                    Width = 21,
                    Kernel = kernel,
                    Stride = stride,
                    Padding = Paddings[paddingIndex],
                    Layout = layout,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Multipliers))]
    public void DepthMultiplier(int multiplier, int channels, TensorLayout layout)
    {
        foreach (var stride in new Size2D[] { 1, 2 })
        {
            (DepthwiseConvCase.Default with { Channels = channels, Multiplier = multiplier, Stride = stride, Layout = layout, Seed = multiplier + channels })
                .AssertOptimizedMatchesReference();
        }
    }

    [Theory]
    [MemberData(nameof(ActivationIndices))]
    public void FusedActivationWithAndWithoutBias(int activationIndex, TensorLayout layout)
    {
        foreach (var hasBias in new[] { true, false })
        {
            (DepthwiseConvCase.Default with { Channels = 20, Activation = Activations[activationIndex], HasBias = hasBias, Layout = layout })
                .AssertOptimizedMatchesReference();
        }
    }

    [Theory]
    [InlineData(1, TensorLayout.Nchw)]
    [InlineData(3, TensorLayout.Nchw)]
    [InlineData(1, TensorLayout.Nhwc)]
    [InlineData(3, TensorLayout.Nhwc)]
    public void Batch(int batch, TensorLayout layout) =>
        (DepthwiseConvCase.Default with { Batch = batch, Channels = 13, Multiplier = 2, Stride = new Size2D(2, 1), Layout = layout, HasBias = true })
            .AssertOptimizedMatchesReference();

    [Theory]
    [MemberData(nameof(Widths))]
    public void WidthsBelowEqualAndAboveTheVectorWidth(int width, TensorLayout layout) =>
        (DepthwiseConvCase.Default with { Channels = 3, Height = 4, Width = width, Layout = layout, Seed = width }).AssertOptimizedMatchesReference();

    // Very wide rows and wide dilations: the blocked band of an NCHW work item shrinks to the rows one output row reads,
    // and channels-last data with M > 1 gathers such bands too. These shapes need more than the band budget per row.
    [Theory]
    [InlineData(22_000, 1, 1, 1, 1, TensorLayout.Nchw)]
    [InlineData(45_000, 1, 2, 1, 1, TensorLayout.Nchw)]
    [InlineData(25_000, 1, 3, 2, 1, TensorLayout.Nchw)]
    [InlineData(3, 1, 1, 1, 12_000, TensorLayout.Nchw)]
    [InlineData(3, 1, 1, 1, 12_000, TensorLayout.Nhwc)]
    [InlineData(22_000, 2, 1, 1, 1, TensorLayout.Nhwc)]
    public void RowsWiderThanTheBandBudget(int width, int channels, int strideWidth, int multiplier, int dilationWidth, TensorLayout layout) =>
        (DepthwiseConvCase.Default with
        {
            Channels = channels,
            Multiplier = multiplier,
            Height = 3,
            Width = width,
            Stride = new Size2D(1, strideWidth),
            Dilation = new Size2D(1, dilationWidth),
            Layout = layout,
        }).AssertOptimizedMatchesReference();

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
        var shapeGen = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 33], Gen.Int[1, 4], Gen.Int[1, 20], Gen.Int[1, 20]);
        var optionsGen = Gen.Select(
            Gen.Select(Gen.Int[1, 7], Gen.Int[1, 7], (height, width) => new Size2D(height, width)),
            sizeGen,
            sizeGen,
            paddingGen,
            Gen.OneOfConst(Layouts),
            Gen.Int[0, Activations.Length - 1],
            Gen.Bool,
            Gen.Int[1, 3]);
        var caseGen = Gen.Select(shapeGen, optionsGen, Gen.Int, (shape, options, seed) => new DepthwiseConvCase(
                shape.Item1, shape.Item2, shape.Item3, shape.Item4, shape.Item5, options.Item1, options.Item2, options.Item3, options.Item4, options.Item5,
                Activations[options.Item6], options.Item7, options.Item8, seed))
            .Where(problem => problem.Fits);

        caseGen.Sample(problem => problem.AssertOptimizedMatchesReference(), iter: 300);
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void SameBitsForAnyThreadCount(TensorLayout layout)
    {
        var problem = DepthwiseConvCase.Default with { Batch = 2, Channels = 21, Multiplier = 2, Height = 17, Width = 23, Layout = layout, Activation = Activation.HardSwish };
        var (input, weights, bias) = problem.CreateTensors();
        var single = DepthwiseConv2d.Forward(input, weights, bias, problem.Options with { Threads = 1 });
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var parallel = DepthwiseConv2d.Forward(input, weights, bias, problem.Options with { Threads = threads });
            Assert.True(single.Span.SequenceEqual(parallel.Span), $"{threads} threads changed the result.");
        }
    }

    // Both layouts accumulate bias, then the taps in the same (ky, kx) order with fused multiply-adds, so NHWC equals
    // the transposed NCHW result exactly, not just within a tolerance.
    [Fact]
    public void NhwcEqualsTransposedNchw() =>
        Gen.Select(Gen.Int[1, 2], Gen.Int[1, 24], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 2], Gen.Int[0, Activations.Length - 1], Gen.Int)
            .Sample((batch, channels, multiplier, kernel, stride, activation, seed) =>
            {
                var problem = DepthwiseConvCase.Default with
                {
                    Batch = batch,
                    Channels = channels,
                    Multiplier = multiplier,
                    Kernel = kernel,
                    Stride = stride,
                    Activation = Activations[activation],
                    Seed = seed,
                };
                var (input, weights, bias) = problem.CreateTensors();
                var nchw = DepthwiseConv2d.Forward(input, weights, bias, problem.Options);
                var nhwc = DepthwiseConv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, problem.Options);
                Assert.Equal(TensorLayout.Nhwc, nhwc.Layout);
                Assert.True(nchw.ToLayout(TensorLayout.Nhwc).Span.SequenceEqual(nhwc.Span), $"{problem}: NHWC differs from transposed NCHW.");
            }, iter: 100);

    private static TheoryData<int, TensorLayout> Cross(IEnumerable<int> values, TensorLayout[] layouts)
    {
        var data = new TheoryData<int, TensorLayout>();
        foreach (var value in values)
        {
            foreach (var layout in layouts)
            {
                data.Add(value, layout);
            }
        }

        return data;
    }
}
