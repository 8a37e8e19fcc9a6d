using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The stride-2 planar kernel's runs of four-row groups (<see cref="DepthwisePlaneStride2Kernel"/>: every group of a
/// row tile that fits runs in one call per register pair, the split of a group's last input row reused as the next
/// group's first): against the scalar reference and bit for bit against the channel-blocked kernel, over heights that
/// give runs of one to twelve groups with and without a bottom padding row, widths of two to eight registers (odd
/// counts, a last register pulled back), every padding, activations, bias, batches, multipliers and row tiles.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwisePlaneStride2GroupRunTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings =
    [
        Padding.SameUpper, Padding.SameLower, Padding.Valid, Padding.Explicit(1), Padding.Explicit(0, 2, 1, 3), Padding.Explicit(3, 0, 0, 2), Padding.Explicit(1, 0, 1, 0),
    ];

    public static TheoryData<int> PaddingIndices() => new(Enumerable.Range(0, Paddings.Length));

    // Input heights 16 … 99 (output rows 8 … 50: runs of 2 … 12 groups, odd and even heights so the last group's last
    // input row is inside the image or bottom padding), output widths 28 … 33, 56, 57, 112 and 130 (2 … 9 registers).
    [Theory]
    [MemberData(nameof(PaddingIndices))]
    public void GroupRunsMatchTheReferenceAndTheBlockedKernel(int padding)
    {
        var outputWidths = new[] { 28, 29, 31, 32, 33, 56, 57, 112, 130 };
        for (var height = 16; height < 100; height += 3)
        {
            var index = height / 3;
            var testCase = DepthwiseConvCase.Default with
            {
                Height = height,
                Width = (2 * outputWidths[index % outputWidths.Length]) + (index % 2),
                Channels = 1 + (index % 3),
                Multiplier = 1 + (index % 5 == 2 ? 1 : 0),
                Stride = 2,
                Padding = Paddings[padding],
                Activation = Activations[index % Activations.Length],
                HasBias = index % 4 != 1,
                Batch = 1 + (index % 7 == 3 ? 1 : 0),
                Threads = 1 + (index % 3),
            };
            if (!testCase.Fits)
            {
                continue;
            }

            var (input, weights, bias) = testCase.CreateTensors();
            var planar = RunPlanar(testCase, input, weights, bias);
            testCase.AssertMatchesReference(input, weights, bias, planar);
            var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
            Assert.True(blocked.Span.SequenceEqual(planar.Span), $"{testCase}: the planar kernel differs from the blocked one.");
        }
    }

    // MobileNet's stride-2 planar layers, SAME_UPPER (every group run ends on the bottom padding row), one to three
    // threads (row tiles start runs mid-plane when the items are few).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MobileNetLayersMatchTheBlockedKernel(int threads)
    {
        foreach (var (channels, size) in new[] { (96, 112), (144, 56), (2, 56) })
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = size,
                Width = size,
                Channels = channels,
                Stride = 2,
                Padding = Padding.SameUpper,
                Activation = Activation.Relu6,
                HasBias = true,
                Threads = threads,
            };
            var (input, weights, bias) = testCase.CreateTensors();
            var planar = RunPlanar(testCase, input, weights, bias);
            var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
            Assert.True(blocked.Span.SequenceEqual(planar.Span), $"{testCase}: the planar kernel differs from the blocked one.");
        }
    }

    // The planar kernel run directly on the case's tensors, whatever DepthwisePlaneJob.Suits says.
    private static unsafe Tensor RunPlanar(DepthwiseConvCase testCase, Tensor input, Tensor weights, Tensor? bias)
    {
        var options = testCase.Options;
        var problem = DepthwiseConvProblem.Create(input, weights.Shape[0], testCase.Kernel, options, nameof(weights));
        return PackedNchwKernelCall.Run(testCase, problem, input, weights, bias, (inputStart, outputStart, weightsStart, biasStart) =>
            DepthwiseConvDispatch.Run(
                new DepthwisePlaneJob(inputStart, outputStart, weightsStart, biasStart, problem.Lanes, problem.Batch, problem.Dimensions, problem.Threads),
                options.Activation,
                problem.Threads));
    }
}
