using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

// Channels-last (NHWC) statistics and backward: every pixel is a contiguous vector of C channels, so the per-channel
// sums are vector additions of whole pixels. The pixels are cut into a fixed number of runs (independent of the thread
// count); each run sums blocks of pixels in float and adds the block sums in double, and the runs are added in order.
public static partial class BatchNormalization
{
    private const int ChannelsLastRuns = 16;

    // Pixels summed in float before the block sum is added to the double accumulator.
    private const int ChannelsLastBlock = 64;

    // input (N, H, W, C) → mean (C), biased variance (C)
    private static void StatisticsChannelsLast(Tensor input, Span<float> mean, Span<float> variance, int threads)
    {
        var channels = input.Channels;
        var pixels = input.Length / channels;
        var sums = SumPixels(input, null, null, null, channels, pixels, threads);
        var meanValues = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            meanValues[c] = (float)(sums[c] / pixels);
        }

        var squares = SumPixels(input, meanValues, null, null, channels, pixels, threads);
        for (var c = 0; c < channels; c++)
        {
            mean[c] = meanValues[c];
            variance[c] = (float)(squares[c] / pixels);
        }
    }

    // Σ over pixels, per channel, in a fixed order: of x (no mean), of (x − mean)² (mean, no gradient), or of
    // ∂y and ∂y · (x − mean) · invStd (mean, inverse and gradient: returns 2·C values, the sums of ∂y first).
    private static double[] SumPixels(Tensor input, float[]? mean, float[]? inverse, Tensor? gradOutput, int channels, int pixels, int threads)
    {
        var width = gradOutput is null ? channels : 2 * channels;
        var runs = Math.Min(pixels, ChannelsLastRuns);
        var partials = new double[runs * width];
        Parallelism.For(runs, input.Length >= 1 << 15 ? threads : 1, run =>
        {
            var block = new float[width];
            var deviation = new float[channels];
            var total = partials.AsSpan(run * width, width);
            var end = (run + 1) * pixels / runs;
            for (var pixel = run * pixels / runs; pixel < end; pixel++)
            {
                var values = input.Span.Slice(pixel * channels, channels);
                if (mean is null)
                {
                    TensorPrimitives.Add(block, values, block);
                }
                else if (gradOutput is null)
                {
                    TensorPrimitives.Subtract(values, mean, deviation);
                    TensorPrimitives.MultiplyAdd(deviation, deviation, block, block);
                }
                else
                {
                    var gradients = gradOutput.Span.Slice(pixel * channels, channels);
                    TensorPrimitives.Subtract(values, mean, deviation);
                    TensorPrimitives.Multiply(deviation, inverse!, deviation);
                    TensorPrimitives.Add(block.AsSpan(0, channels), gradients, block.AsSpan(0, channels));
                    TensorPrimitives.MultiplyAdd(gradients, deviation, block.AsSpan(channels), block.AsSpan(channels));
                }

                if ((pixel + 1) % ChannelsLastBlock == 0 || pixel + 1 == end)
                {
                    for (var i = 0; i < width; i++)
                    {
                        total[i] += block[i];
                    }

                    Array.Clear(block);
                }
            }
        });

        var sums = new double[width];
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < width; i++)
            {
                sums[i] += partials[(run * width) + i];
            }
        }

        return sums;
    }

    // gradOutput (N, H, W, C), input (N, H, W, C) → gradInput (N, H, W, C), gradScale (C), gradShift (C)
    private static BatchNormalizationGradients BackwardChannelsLast(
        Tensor input, Tensor gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseDeviation, Tensor? scale, int threads)
    {
        var channels = input.Channels;
        var pixels = input.Length / channels;
        var meanValues = mean.ToArray();
        var inverse = inverseDeviation.ToArray();
        var sums = SumPixels(input, meanValues, inverse, gradOutput, channels, pixels, threads);
        var gradScale = new Tensor([channels]);
        var gradShift = new Tensor([channels]);

        // ∂x = k·∂y + a·(x − mean) + b per channel, with k = γ·invStd, a = −k·invStd·Σ∂y·x̂/m, b = −k·Σ∂y/m.
        var k = new float[channels];
        var a = new float[channels];
        var b = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            gradShift.Span[c] = (float)sums[c];
            gradScale.Span[c] = (float)sums[channels + c];
            var factor = (scale is null ? 1.0 : scale.Span[c]) * inverse[c];
            k[c] = (float)factor;
            a[c] = (float)(-factor * inverse[c] * sums[channels + c] / pixels);
            b[c] = (float)(-factor * sums[c] / pixels);
        }

        var gradInput = new Tensor(input.Shape, input.Layout);
        var rows = input.Batch * input.Height;
        Parallelism.For(rows, input.Length >= 1 << 15 ? threads : 1, row =>
        {
            var deviation = new float[channels];
            for (var pixel = row * input.Width; pixel < (row + 1) * input.Width; pixel++)
            {
                var destination = gradInput.Span.Slice(pixel * channels, channels);
                TensorPrimitives.Subtract(input.Span.Slice(pixel * channels, channels), meanValues, deviation);
                TensorPrimitives.Multiply(deviation, a, deviation);
                TensorPrimitives.MultiplyAdd(gradOutput.Span.Slice(pixel * channels, channels), k, deviation, destination);
                TensorPrimitives.Add(destination, b, destination);
            }
        });

        return new BatchNormalizationGradients(gradInput, gradScale, gradShift);
    }
}
