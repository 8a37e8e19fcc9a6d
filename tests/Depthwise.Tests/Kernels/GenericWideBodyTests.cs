using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The wide generic bodies (<c>TapsGenericWide</c> and, for kernels 3 columns wide at dilation 2 and 4 or 7 wide at
/// dilation 1 across, <c>TapsGenericWideColumns</c>: 16-lane registers, rows of 16+ pixels in blocks of 24 and 16)
/// against the scalar reference, and bit for bit against the eight-pixel generic body: a channel subset narrower than 16 output channels
/// runs on 8- or 4-lane registers, which keep the eight-pixel blocks, and every body computes each element with the
/// same operations, so those channels of the full problem must carry the same bits.
/// </summary>
[Trait("Category", "Kernel")]
public class GenericWideBodyTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings = [Padding.SameUpper, Padding.Valid, Padding.Explicit(0, 2, 1, 3), Padding.Explicit(4, 5, 4, 5)];

    private static readonly Size2D[] Strides = [1, 2, 3, new Size2D(2, 1), new Size2D(1, 2)];

    // (kernel width, dilation across) of the column body's shapes
    private static readonly (int KernelWidth, int Dilation)[] ColumnShapes = [(3, 2), (4, 1), (7, 1)];

    // Kernel widths 1 … 11 and heights 1 … 7 (non-square included), dilation 1 … 3 each way, the strides above, M = 1 … 3,
    // output rows of 16 … 60 pixels (whole sixteen-pixel blocks, a pulled-back one, an eight-pixel tail), every
    // activation, and both data layouts the wide body serves (blocked: constant load offsets at stride 1; channels-last:
    // the row's pixel stride).
    [Fact]
    public void RandomGenericProblemsMatchTheReferenceAndTheEightPixelBody()
    {
        var kernelGen = Gen.Select(Gen.Int[1, 7], Gen.Int[1, 11]);
        var geometryGen = Gen.Select(kernelGen, Gen.Int[0, Strides.Length - 1], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[16, 60]);
        var optionsGen = Gen.Select(Gen.Int[1, 3], Gen.Int[0, Paddings.Length - 1], Gen.Int[0, Activations.Length - 1], Gen.Bool, Gen.Bool);
        var caseGen = Gen.Select(geometryGen, optionsGen, Gen.Int, (geometry, options, seed) =>
            {
                var ((kernelHeight, kernelWidth), stride, dilationHeight, dilationWidth, outputWidth) = geometry;
                var strideSize = Strides[stride];
                var kernel = new Size2D(kernelHeight, kernelWidth);
                var dilation = new Size2D(dilationHeight, dilationWidth);
                var padding = Paddings[options.Item2];
                var reach = ((kernelWidth - 1) * dilationWidth) + 1;
                var width = ((outputWidth - 1) * strideSize.Width) + (padding == Padding.Valid ? reach : 1);
                var height = ((kernelHeight - 1) * dilationHeight) + 1 + (2 * strideSize.Height);
                return DepthwiseConvCase.Default with
                {
                    Channels = 24,
                    Multiplier = options.Item1,
                    Height = height,
                    Width = width,
                    Kernel = kernel,
                    Stride = strideSize,
                    Dilation = dilation,
                    Padding = padding,
                    Activation = Activations[options.Item3],
                    HasBias = options.Item4,
                    Layout = options.Item5 ? TensorLayout.Nhwc : TensorLayout.Nchw,
                    Path = options.Item5 ? DepthwiseConvPath.Static : DepthwiseConvPath.Blocked,
                    Threads = 1,
                    Seed = seed,
                };
            })
            .Where(problem => problem.Fits && DepthwiseConvJob.TapsFor(ConvGeometry.Create(problem.Height, problem.Width, problem.Kernel, problem.Stride, problem.Dilation, problem.Padding)) == DepthwiseTapsKind.Generic);

        caseGen.Sample(AssertMatchesReferenceAndNarrowRegisters, iter: 80);
    }

    // Kernels 3 columns wide at dilation 2 and 4 or 7 wide at dilation 1, stride 1 across (the body that loads each
    // input column once): kernel heights 1 … 5, dilation 1 … 3 and stride 1 … 2 down, output rows of 16 … 120 pixels (every
    // mix of twenty-four- and sixteen-pixel blocks, pulled back or not, interior and clipped), every padding and
    // activation, M = 1 … 3, blocked data and planar data through the band.
    [Fact]
    public void ColumnBodyShapesMatchTheReferenceAndTheEightPixelBody()
    {
        var shapeGen = Gen.Select(Gen.Int[1, 5], Gen.Int[1, 3], Gen.Int[1, 2], Gen.Int[16, 120], Gen.Int[0, ColumnShapes.Length - 1]);
        var optionsGen = Gen.Select(Gen.Int[1, 3], Gen.Int[0, Paddings.Length - 1], Gen.Int[0, Activations.Length - 1], Gen.Bool, Gen.Bool);
        var caseGen = Gen.Select(shapeGen, optionsGen, Gen.Int, (shape, options, seed) =>
            {
                var (kernelHeight, dilationHeight, strideHeight, outputWidth, columnShape) = shape;
                var (kernelWidth, dilationWidth) = ColumnShapes[columnShape];
                var padding = Paddings[options.Item2];
                return DepthwiseConvCase.Default with
                {
                    Channels = 24,
                    Multiplier = options.Item1,
                    Height = ((kernelHeight - 1) * dilationHeight) + 1 + (2 * strideHeight),
                    Width = outputWidth - 1 + (padding == Padding.Valid ? ((kernelWidth - 1) * dilationWidth) + 1 : 1),
                    Kernel = new Size2D(kernelHeight, kernelWidth),
                    Stride = new Size2D(strideHeight, 1),
                    Dilation = new Size2D(dilationHeight, dilationWidth),
                    Padding = padding,
                    Activation = Activations[options.Item3],
                    HasBias = options.Item4,
                    Path = options.Item5 ? DepthwiseConvPath.Static : DepthwiseConvPath.Blocked,
                    Threads = 1,
                    Seed = seed,
                };
            })
            .Where(problem => problem.Fits && DepthwiseConvJob.TapsFor(ConvGeometry.Create(problem.Height, problem.Width, problem.Kernel, problem.Stride, problem.Dilation, problem.Padding)) == DepthwiseTapsKind.Generic);

        caseGen.Sample(AssertMatchesReferenceAndNarrowRegisters, iter: 80);
    }

    // Each way a row splits into wide blocks, on both wide bodies (3×3 dilation 2, 4×4 and 2×7 on the column body,
    // 2×5 at dilation 3 across on the other): 16, 17–23 (sixteens only: narrower than 24), 24,
    // 25–32 (two sixteens), 33–40 (24 + 16), 56 (24 + 16 + 16), 57, 112 (4·24 + 16), with clipped blocks at both ends.
    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(28)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(112)]
    public void EveryMixOfWideBlocksMatches(int outputWidth)
    {
        foreach (var (kernel, dilation) in new[] { (new Size2D(3, 3), new Size2D(2, 2)), (new Size2D(4, 4), new Size2D(1, 1)), (new Size2D(2, 7), new Size2D(1, 1)), (new Size2D(2, 5), new Size2D(1, 3)) })
        {
            AssertMatchesReferenceAndNarrowRegisters(DepthwiseConvCase.Default with
            {
                Channels = 24,
                Height = 6,
                Width = outputWidth,
                Kernel = kernel,
                Dilation = dilation,
                Activation = Activation.Relu6,
                Path = DepthwiseConvPath.Blocked,
                Threads = 1,
            });
        }
    }

    // The MobileNet-sized generic layers of `bench --suite generic` at a few channels, whose rows are mostly interior
    // sixteen-pixel blocks, and one thread against several (work items cut differently) bit for bit.
    [Theory]
    [InlineData(4, 1, 1, 1)]
    [InlineData(7, 1, 1, 1)]
    [InlineData(3, 2, 1, 1)]
    [InlineData(3, 1, 2, 1)]
    [InlineData(5, 3, 3, 2)]
    public void BenchLayersAgreeAcrossThreadCountsAndRegisterWidths(int kernel, int dilation, int multiplier, int stride)
    {
        var problem = DepthwiseConvCase.Default with
        {
            Channels = 24,
            Multiplier = multiplier,
            Height = 56,
            Width = 56,
            Kernel = kernel,
            Stride = stride,
            Dilation = dilation,
            Activation = Activation.Relu6,
            Path = DepthwiseConvPath.Blocked,
            Threads = 1,
        };
        AssertMatchesReferenceAndNarrowRegisters(problem);
        var (input, weights, bias) = problem.CreateTensors();
        var expected = problem.RunOptimized(input, weights, bias);
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var several = (problem with { Threads = threads }).RunOptimized(input, weights, bias);
            Assert.True(expected.Span.SequenceEqual(several.Span), $"{problem}: {threads} threads differ from one.");
        }
    }

    private static void AssertMatchesReferenceAndNarrowRegisters(DepthwiseConvCase problem)
    {
        var (input, weights, bias) = problem.CreateTensors();
        var full = problem.RunOptimized(input, weights, bias);
        problem.AssertMatchesReference(input, weights, bias, full);

        // Input channels [first, first + count) and their count·M output channels: fewer than 16, so narrower registers.
        var count = problem.Multiplier == 1 ? 8 : problem.Multiplier == 2 ? 4 : 2;
        var first = problem.Channels - count - 3;
        var subset = problem with { Channels = count };
        var nchwInput = input.ToLayout(TensorLayout.Nchw);
        var subsetInput = ChannelSlice(nchwInput, first, count).ToLayout(problem.Layout);
        var outputChannels = count * problem.Multiplier;
        var taps = problem.Kernel.Height * problem.Kernel.Width;
        var subsetWeights = new Tensor(weights.Span.Slice(first * problem.Multiplier * taps, outputChannels * taps).ToArray(), [outputChannels, 1, problem.Kernel.Height, problem.Kernel.Width]);
        var subsetBias = bias is null ? null : new Tensor(bias.Span.Slice(first * problem.Multiplier, outputChannels).ToArray(), [outputChannels]);
        var narrow = subset.RunOptimized(subsetInput, subsetWeights, subsetBias).ToLayout(TensorLayout.Nchw);
        var wide = ChannelSlice(full.ToLayout(TensorLayout.Nchw), first * problem.Multiplier, outputChannels);
        Assert.True(wide.Span.SequenceEqual(narrow.Span), $"{problem}: channels {first * problem.Multiplier}… differ from the same channels on narrower registers.");
    }

    // channels [first, first + count) of an NCHW tensor
    private static Tensor ChannelSlice(Tensor tensor, int first, int count)
    {
        var shape = tensor.Shape.ToArray();
        var batch = shape[0];
        var channels = shape[1];
        var plane = shape[2] * shape[3];
        var data = new float[batch * count * plane];
        for (var image = 0; image < batch; image++)
        {
            tensor.Span.Slice(((image * channels) + first) * plane, count * plane).CopyTo(data.AsSpan(image * count * plane));
        }

        shape[1] = count;
        return new Tensor(data, shape);
    }
}
