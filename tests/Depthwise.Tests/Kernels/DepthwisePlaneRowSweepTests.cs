using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// Each kind of the stride-1 planar kernel's row sweep (<see cref="PlaneRowSweep"/>: none, one register column — the
/// one Zen 4 runs — and two), whatever this core would pick: against the scalar reference and bit for bit against the
/// channel-blocked kernel, over widths around every register split, heights around the eight- and four-row groups,
/// paddings with and without the sweeps' one column each side, activations, bias, batches, multipliers and threads.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwisePlaneRowSweepTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    // PlaneRowSweep is internal, so the theories take its value.
    public static TheoryData<int> Sweeps() => new((int)PlaneRowSweep.None, (int)PlaneRowSweep.OneColumn, (int)PlaneRowSweep.TwoColumns);

    [Fact]
    public unsafe void CallsThatFitTheCachesRunThisCoresSweep()
    {
        var dimensions = new DepthwiseConvDimensions(ConvGeometry.Create(56, 56, 3, 1, 1, Padding.SameUpper), 144, 1);
        Assert.NotEqual(PlaneRowSweep.None, PlaneRowSweeps.Preferred);
        Assert.Equal(PlaneRowSweeps.Preferred, new DepthwisePlaneJob(null, null, null, null, 16, 1, dimensions, 1).Sweep);
        Assert.Equal(PlaneRowSweep.None, new DepthwisePlaneJob(null, null, null, null, 16, 8, dimensions, 1).Sweep);
    }

    // Widths 17 … 72 and around 96, 112 and 128 (whole registers, a half register at 16k + 8, a last register pulled
    // back over its neighbour by 1 … 15 columns), heights 3 … 26 (eight-row sweeps, four-row sweeps and single rows,
    // the top and bottom groups on padding rows, row tiles with threads).
    [Theory]
    [MemberData(nameof(Sweeps))]
    public void EverySweepMatchesTheReferenceAndTheBlockedKernel(int kind)
    {
        var sweep = (PlaneRowSweep)kind;
        var widths = Enumerable.Range(17, 56).Concat([95, 96, 97, 111, 112, 113, 127, 128, 129]).ToArray();
        var paddings = new[] { Padding.SameUpper, Padding.Explicit(1), Padding.Explicit(1, 0, 1, 0), Padding.Explicit(0, 1, 0, 1), Padding.Explicit(2, 1, 0, 1) };
        for (var index = 0; index < widths.Length; index++)
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = 3 + ((index * 5) % 24),
                Width = widths[index],
                Channels = 1 + (index % 3),
                Multiplier = 1 + (index % 7 == 3 ? 1 : 0),
                Padding = paddings[index % paddings.Length],
                Activation = Activations[index % Activations.Length],
                HasBias = index % 3 != 1,
                Batch = 1 + (index % 5 == 2 ? 1 : 0),
                Threads = 1 + (index % 3),
            };
            var (input, weights, bias) = testCase.CreateTensors();
            var planar = RunPlanar(testCase, input, weights, bias, sweep);
            testCase.AssertMatchesReference(input, weights, bias, planar);
            var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
            Assert.True(blocked.Span.SequenceEqual(planar.Span), $"{testCase}, {sweep}: the planar kernel differs from the blocked one.");
        }
    }

    // MobileNet's sweep layers, SAME_UPPER: 32×112² and 144×56² (a half register at the end of each row).
    [Theory]
    [MemberData(nameof(Sweeps))]
    public void MobileNetLayersMatchTheBlockedKernel(int kind)
    {
        var sweep = (PlaneRowSweep)kind;
        foreach (var (channels, size) in new[] { (32, 112), (144, 56) })
        {
            var testCase = DepthwiseConvCase.Default with { Height = size, Width = size, Channels = channels, Padding = Padding.SameUpper, Activation = Activation.Relu6, HasBias = true };
            var (input, weights, bias) = testCase.CreateTensors();
            var planar = RunPlanar(testCase, input, weights, bias, sweep);
            var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
            Assert.True(blocked.Span.SequenceEqual(planar.Span), $"{testCase}, {sweep}: the planar kernel differs from the blocked one.");
        }
    }

    // The planar kernel run directly with the given sweep.
    private static unsafe Tensor RunPlanar(DepthwiseConvCase testCase, Tensor input, Tensor weights, Tensor? bias, PlaneRowSweep sweep)
    {
        var options = testCase.Options;
        var problem = DepthwiseConvProblem.Create(input, weights.Shape[0], testCase.Kernel, options, nameof(weights));
        return PackedNchwKernelCall.Run(testCase, problem, input, weights, bias, (inputStart, outputStart, weightsStart, biasStart) =>
            DepthwiseConvDispatch.Run(
                new DepthwisePlaneJob(inputStart, outputStart, weightsStart, biasStart, problem.Lanes, problem.Batch, problem.Dimensions, problem.Threads) with { Sweep = sweep },
                options.Activation,
                problem.Threads));
    }
}
