using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// Each block body of the channel-blocked kernel — the specialised 3×3 and 5×5 at strides 1 and 2, and the generic tap
/// loop on the shapes that reach it — against the scalar reference, through every entry point and layout: output
/// widths below, at and around multiples of the 8-pixel block, channel counts around every register width, every
/// padding, depth multipliers, activations, batches and thread counts.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseConvBodyTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings =
    [
        Padding.Valid, Padding.SameUpper, Padding.SameLower, Padding.Explicit(1), Padding.Explicit(0, 2, 1, 3), Padding.Explicit(3, 0, 0, 2), Padding.Explicit(4, 5, 4, 5),
    ];

    private static readonly DepthwiseConvPath[] Paths = [DepthwiseConvPath.Static, DepthwiseConvPath.Prepared, DepthwiseConvPath.Blocked];

    // The body each shape selects (DepthwiseConvJob.TapsFor): the four specialised ones, at equal strides and at strides
    // that differ down and across (the body follows the stride across), then generic shapes.
    private static readonly (string Name, Size2D Kernel, Size2D Stride, Size2D Dilation, DepthwiseTapsKind Body)[] Bodies =
    [
        ("3x3 stride 1", 3, 1, 1, DepthwiseTapsKind.Kernel3x3Stride1),
        ("3x3 stride 2", 3, 2, 1, DepthwiseTapsKind.Kernel3x3Stride2),
        ("5x5 stride 1", 5, 1, 1, DepthwiseTapsKind.Kernel5x5Stride1),
        ("5x5 stride 2", 5, 2, 1, DepthwiseTapsKind.Kernel5x5Stride2),
        ("3x3 stride (2, 1)", 3, new Size2D(2, 1), 1, DepthwiseTapsKind.Kernel3x3Stride1),
        ("5x5 stride (2, 1)", 5, new Size2D(2, 1), 1, DepthwiseTapsKind.Kernel5x5Stride1),
        ("3x3 stride (1, 2)", 3, new Size2D(1, 2), 1, DepthwiseTapsKind.Kernel3x3Stride2),
        ("5x5 stride (3, 2)", 5, new Size2D(3, 2), 1, DepthwiseTapsKind.Kernel5x5Stride2),
        ("generic 4x4", 4, 1, 1, DepthwiseTapsKind.Generic),
        ("generic 7x7 stride 2", 7, 2, 1, DepthwiseTapsKind.Generic),
        ("generic 3x3 dilation 2", 3, 1, 2, DepthwiseTapsKind.Generic),
        ("generic 4x4 stride (2, 1)", 4, new Size2D(2, 1), 1, DepthwiseTapsKind.Generic),
        ("generic 3x5 stride (1, 2)", new Size2D(3, 5), new Size2D(1, 2), 1, DepthwiseTapsKind.Generic),
        ("generic 1x1", 1, 1, 1, DepthwiseTapsKind.Generic),
        ("generic 3x3 stride 3", 3, 3, 1, DepthwiseTapsKind.Generic),
    ];

    public static TheoryData<int, DepthwiseConvPath> BodiesAndPaths()
    {
        var data = new TheoryData<int, DepthwiseConvPath>();
        for (var body = 0; body < Bodies.Length; body++)
        {
            foreach (var path in Paths)
            {
                data.Add(body, path);
            }
        }

        return data;
    }

    public static TheoryData<int> BodyIndices() => new(Enumerable.Range(0, Bodies.Length));

    [Fact]
    public void ShapesSelectTheBodiesTheseTestsNameThem()
    {
        foreach (var (name, kernel, stride, dilation, body) in Bodies)
        {
            var geometry = ConvGeometry.Create(32, 32, kernel, stride, dilation, Padding.SameUpper);
            Assert.True(DepthwiseConvJob.TapsFor(geometry) == body, $"{name} selects {DepthwiseConvJob.TapsFor(geometry)}.");
        }
    }

    // Output widths 1 … 19 cover rows narrower than a block, exactly one block, and every overlap of the pulled-back
    // last block; padded and unpadded, so blocks are interior, clipped on one side, or on both.
    [Theory]
    [MemberData(nameof(BodiesAndPaths))]
    public void EveryOutputWidthAroundTheBlock(int body, DepthwiseConvPath path)
    {
        var (_, kernel, stride, dilation, _) = Bodies[body];
        foreach (var layout in LayoutsFor(path))
        {
            foreach (var padding in new[] { Padding.SameUpper, Padding.Valid })
            {
                for (var outputWidth = 1; outputWidth <= 19; outputWidth++)
                {
                    var width = padding == Padding.Valid
                        ? ((outputWidth - 1) * stride.Width) + ((kernel.Width - 1) * dilation.Width) + 1
                        : ((outputWidth - 1) * stride.Width) + 1;
                    var height = ((kernel.Height - 1) * dilation.Height) + 1 + stride.Height;
                    (DepthwiseConvCase.Default with
                    {
                        Channels = 19,
                        Height = height,
                        Width = width,
                        Kernel = kernel,
                        Stride = stride,
                        Dilation = dilation,
                        Padding = padding,
                        Layout = layout,
                        Threads = 1,
                        Seed = outputWidth,
                        Path = path,
                    }).AssertOptimizedMatchesReference();
                }
            }
        }
    }

    // 1 … 33 channels: below, at and between multiples of every register width (the block width is chosen from C·M).
    [Theory]
    [MemberData(nameof(BodiesAndPaths))]
    public void EveryChannelCountAroundTheRegisterWidths(int body, DepthwiseConvPath path)
    {
        var (_, kernel, stride, dilation, _) = Bodies[body];
        foreach (var layout in LayoutsFor(path))
        {
            for (var channels = 1; channels <= 33; channels++)
            {
                (DepthwiseConvCase.Default with
                {
                    Channels = channels,
                    Height = 9,
                    Width = 12,
                    Kernel = kernel,
                    Stride = stride,
                    Dilation = dilation,
                    Layout = layout,
                    Seed = channels,
                    Path = path,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    // Every axis at once, at random: shape, multiplier, padding, activation, bias, batch, threads, layout and path.
    [Theory]
    [MemberData(nameof(BodyIndices))]
    public void RandomProblemsForEachBody(int body)
    {
        var (_, kernel, stride, dilation, _) = Bodies[body];
        var shapeGen = Gen.Select(Gen.Int[1, 2], Gen.Int[1, 21], Gen.Int[1, 3], Gen.Int[1, 12], Gen.Int[1, 20]);
        var optionsGen = Gen.Select(Gen.Int[0, Paddings.Length - 1], Gen.Int[0, Activations.Length - 1], Gen.Bool, Gen.Int[1, 3], Gen.Int[0, 2], Gen.Int[0, 2]);
        var caseGen = Gen.Select(shapeGen, optionsGen, Gen.Int, (shape, options, seed) => new DepthwiseConvCase(
                shape.Item1,
                shape.Item2,
                shape.Item3,
                shape.Item4,
                shape.Item5,
                kernel,
                stride,
                dilation,
                Paddings[options.Item1],
                options.Item6 == 1 ? TensorLayout.Nhwc : TensorLayout.Nchw,
                Activations[options.Item2],
                options.Item3,
                options.Item4,
                seed,
                Paths[options.Item5]))
            .Where(problem => problem.Fits);

        caseGen.Sample(problem => problem.AssertOptimizedMatchesReference(), iter: 60);
    }

    // Channels-last and blocked data with M > 1 build the band by permuting one or two input registers per pixel when
    // C is at least a register wide, and lane by lane otherwise: 20 and 7 channels take each way.
    [Theory]
    [MemberData(nameof(BodiesAndPaths))]
    public void DepthMultipliersEveryActivationAndBatches(int body, DepthwiseConvPath path)
    {
        var (_, kernel, stride, dilation, _) = Bodies[body];
        foreach (var layout in LayoutsFor(path))
        {
            // Every activation once, and every multiplier and channel count once, each with a different activation.
            (int Multiplier, int Channels, int Activation)[] cases =
                [(1, 7, 0), (1, 7, 1), (1, 7, 2), (1, 7, 3), (1, 7, 4), (2, 7, 3), (3, 7, 2), (2, 20, 4), (3, 20, 1)];
            foreach (var (multiplier, channels, activation) in cases)
            {
                (DepthwiseConvCase.Default with
                {
                    Batch = 2,
                    Channels = channels,
                    Multiplier = multiplier,
                    Height = 11,
                    Width = 13,
                    Kernel = kernel,
                    Stride = stride,
                    Dilation = dilation,
                    Layout = layout,
                    Activation = Activations[activation],
                    HasBias = activation % 2 == 0,
                    Seed = activation + (10 * multiplier),
                    Path = path,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    // Every entry point packs the same weights and runs the same operations per element, so they agree exactly, and so
    // do thread counts (work items are cut differently for each count).
    [Theory]
    [MemberData(nameof(BodyIndices))]
    public void EntryPointsLayoutsAndThreadCountsAgreeBitForBit(int body)
    {
        var (name, kernel, stride, dilation, _) = Bodies[body];
        var problem = DepthwiseConvCase.Default with
        {
            Batch = 2,
            Channels = 21,
            Multiplier = 2,
            Height = 17,
            Width = 23,
            Kernel = kernel,
            Stride = stride,
            Dilation = dilation,
            Activation = Activation.HardSwish,
            Threads = 1,
        };
        var (input, weights, bias) = problem.CreateTensors();
        var expected = problem.RunOptimized(input, weights, bias);
        foreach (var path in Paths)
        {
            foreach (var threads in new[] { 1, 2, 3, 7 })
            {
                var variant = problem with { Path = path, Threads = threads };
                Assert.True(expected.Span.SequenceEqual(variant.RunOptimized(input, weights, bias).Span), $"{name}: {path} with {threads} threads differs.");
                var nhwc = (variant with { Layout = TensorLayout.Nhwc }).RunOptimized(input.ToLayout(TensorLayout.Nhwc), weights, bias);
                Assert.True(expected.Span.SequenceEqual(nhwc.ToLayout(TensorLayout.Nchw).Span), $"{name}: NHWC {path} with {threads} threads differs.");
            }
        }
    }

    private static TensorLayout[] LayoutsFor(DepthwiseConvPath path) =>
        path == DepthwiseConvPath.Blocked ? [TensorLayout.Nchw] : [TensorLayout.Nchw, TensorLayout.Nhwc];
}
