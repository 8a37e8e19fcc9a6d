using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// <see cref="Conv2dPlan.Bind"/>: a call decided once (the stem's packed weights, a 1×1 convolution's GEMM, or the
/// general kernel on the validated sizes) gives the bits of <see cref="Conv2dPlan.Forward(Tensor, Tensor)"/> on every
/// later call with new data, and is close to the scalar reference.
/// </summary>
[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class ConvCallTests
{
    [Theory]
    // batch, Cin, Cout, groups, H, W, k, stride, padding, activation, bias, layout
    [InlineData(1, 3, 32, 1, 35, 33, 3, 2, "1", "relu6", true, TensorLayout.Nchw)] // the stem: few channels
    [InlineData(2, 4, 12, 1, 17, 18, 3, 1, "same", "hardswish", false, TensorLayout.Nchw)] // few channels, a batch
    [InlineData(1, 40, 72, 1, 7, 7, 1, 1, "valid", "relu6", true, TensorLayout.Nchw)] // 1×1 at 7² (packed left with AVX-512)
    [InlineData(1, 48, 64, 1, 14, 14, 1, 1, "valid", "none", true, TensorLayout.Nchw)] // 1×1 at 14²
    [InlineData(1, 8, 20, 1, 24, 20, 1, 1, "valid", "relu", false, TensorLayout.Nchw)] // 1×1 on a large image: in place
    [InlineData(2, 16, 24, 1, 9, 9, 1, 1, "valid", "relu6", true, TensorLayout.Nchw)] // 1×1, a batch: the general path
    [InlineData(1, 16, 24, 1, 9, 9, 1, 1, "valid", "relu6", true, TensorLayout.Nhwc)] // 1×1 NHWC
    [InlineData(1, 12, 12, 4, 10, 9, 3, 2, "same", "none", true, TensorLayout.Nchw)] // grouped 3×3: im2col
    public void BoundCallsGiveThePlansForwardBitsOnNewData(
        int batch, int inputChannels, int outputChannels, int groups, int height, int width, int kernel, int stride, string padding, string activation,
        bool withBias, TensorLayout layout)
    {
        var random = new Random(inputChannels * 31 + outputChannels);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels / groups, kernel, kernel);
        var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;
        foreach (var threads in new[] { 1, 2 })
        {
            var options = new Conv2dOptions { Stride = stride, Padding = Padding.Parse(padding), Activation = Activation.Parse(activation), Threads = threads };
            var plan = Conv2d.Prepare(weights, bias, groups, options);
            var bindInput = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
            var bound = plan.Forward(bindInput);
            var call = plan.Bind(bindInput, bound);

            // New data on each call, read from a tensor other than the one the call was bound to.
            for (var round = 0; round < 2; round++)
            {
                var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
                var given = input.Span.ToArray();
                var expected = plan.Forward(input);
                call.Run(input.Span, bound.Span);

                Assert.True(expected.Span.SequenceEqual(bound.Span), $"bound call differs from Forward ({threads} threads, round {round}).");
                Assert.Equal(given, input.Span.ToArray());
                ConvTestData.AssertClose(
                    Conv2d.Reference(input, weights, bias, groups, options), bound, ConvTestData.Magnitude(input, weights, bias, groups, options), "bound call");
            }
        }
    }

    [Theory]
    [InlineData(3, 32, 3, 2)]
    [InlineData(32, 64, 1, 1)]
    public void SteadyStateBoundCallsAllocateNothingOnOneThread(int inputChannels, int outputChannels, int kernel, int stride)
    {
        var random = new Random(5);
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 1 };
        var plan = Conv2d.Prepare(ConvTestData.Tensor(random, outputChannels, inputChannels, kernel, kernel), ConvTestData.Tensor(random, outputChannels), 1, options);
        var input = ConvTestData.Image(random, 1, inputChannels, 16, 16, TensorLayout.Nchw);
        var output = plan.Forward(input);
        var call = plan.Bind(input, output);
        call.Run(input.Span, output.Span);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => call.Run(input.Span, output.Span), callsPerRound: 5));
    }

    [Theory]
    // batch, Cin, Cout, H, W, k, stride, padding, activation, bias
    [InlineData(1, 3, 32, 35, 33, 3, 2, "1", "relu6", true)] // the stem; 17 columns: two blocks of 8 and one pixel
    [InlineData(1, 3, 20, 24, 40, 3, 2, "same", "relu", false)] // fewer channels than a register pair: partial stores
    [InlineData(2, 4, 48, 13, 11, 5, 1, "2", "hardswish", true)] // a batch, a second, partial channel pair, 5×5 stride 1
    [InlineData(1, 1, 16, 9, 7, 3, 3, "valid", "none", true)] // stride 3, rows narrower than a block
    public void ChannelsLastStemsGiveThePlanarBitsTransposed(
        int batch, int inputChannels, int outputChannels, int height, int width, int kernel, int stride, string padding, string activation, bool withBias)
    {
        var random = new Random((inputChannels * 17) + outputChannels);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels, kernel, kernel);
        var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;
        foreach (var threads in new[] { 1, 2 })
        {
            var options = new Conv2dOptions { Stride = stride, Padding = Padding.Parse(padding), Activation = Activation.Parse(activation), Threads = threads };
            var plan = Conv2d.Prepare(weights, bias, 1, options);
            var input = ConvTestData.Image(random, batch, inputChannels, height, width, TensorLayout.Nchw);
            var planar = plan.Forward(input);
            var call = plan.Bind(input, planar).ChannelsLastOutput()!;
            Assert.True(call.WritesChannelsLastOutput);
            var (outputHeight, outputWidth) = (planar.Shape[2], planar.Shape[3]);

            // Every element written: the buffer starts as NaNs.
            var channelsLast = Enumerable.Repeat(float.NaN, planar.Length).ToArray();
            call.Run(input.Span, channelsLast);

            var planarValues = planar.Span.ToArray();
            for (var image = 0; image < batch; image++)
            {
                for (var channel = 0; channel < outputChannels; channel++)
                {
                    for (var pixel = 0; pixel < outputHeight * outputWidth; pixel++)
                    {
                        var expected = planarValues[(((image * outputChannels) + channel) * outputHeight * outputWidth) + pixel];
                        var actual = channelsLast[(((image * outputHeight * outputWidth) + pixel) * outputChannels) + channel];
                        Assert.True(
                            BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                            $"image {image}, channel {channel}, pixel {pixel}: {actual} channels-last against {expected} planar ({threads} threads).");
                    }
                }
            }
        }
    }

    [Fact]
    public void OnlyStemsWriteChannelsLastAndTheirCallsAllocateNothing()
    {
        var random = new Random(9);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 1 };
        var stem = Conv2d.Prepare(ConvTestData.Tensor(random, 32, 3, 3, 3), ConvTestData.Tensor(random, 32), 1, options);
        var input = ConvTestData.Image(random, 1, 3, 30, 30, TensorLayout.Nchw);
        var output = stem.Forward(input);
        var planarCall = stem.Bind(input, output);
        Assert.False(planarCall.WritesChannelsLastOutput);
        var call = planarCall.ChannelsLastOutput()!;
        call.Run(input.Span, output.Span);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => call.Run(input.Span, output.Span), callsPerRound: 5));

        var pointwise = Conv2d.Prepare(ConvTestData.Tensor(random, 16, 32, 1, 1), options: new Conv2dOptions { Threads = 1 });
        var pointwiseInput = ConvTestData.Image(random, 1, 32, 7, 7, TensorLayout.Nchw);
        var pointwiseCall = pointwise.Bind(pointwiseInput, pointwise.Forward(pointwiseInput));
        Assert.False(pointwiseCall.CanWriteChannelsLastOutput);
        Assert.Null(pointwiseCall.ChannelsLastOutput());
    }

    [Fact]
    public void BindRejectsTensorsThatDoNotMatchThePlan()
    {
        var plan = Conv2d.Prepare(new Tensor([4, 3, 3, 3]), options: new Conv2dOptions { Padding = Padding.SameUpper });
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Bind(Tensor.Image(1, 2, 5, 5), Tensor.Image(1, 4, 5, 5))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Bind(Tensor.Image(1, 3, 5, 5), Tensor.Image(1, 4, 4, 4))).ParamName);
    }
}
