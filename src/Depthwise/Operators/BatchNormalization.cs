using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// Batch normalization of an image tensor, per channel: <c>y = (x − mean) / √(variance + ε) · scale + shift</c>.
/// Inference uses running statistics; training computes them from the batch with <see cref="Statistics"/>.
/// </summary>
/// <remarks>
/// The four per-channel vectors are first combined (in double precision) into one multiplier and one offset per
/// channel, so each element costs one multiply and one add: what folding the normalization into the
/// preceding convolution would compute.
/// </remarks>
public static class BatchNormalization
{
    /// <summary>Normalizes into a new tensor with the input's shape and layout.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout.</param>
    /// <param name="mean">(C): the mean to subtract.</param>
    /// <param name="variance">(C): the variance to divide by (after adding <paramref name="epsilon"/>); each ≥ 0.</param>
    /// <param name="scale">(C) γ, or null for 1.</param>
    /// <param name="shift">(C) β, or null for 0.</param>
    /// <param name="epsilon">Added to the variance before the square root (≥ 0).</param>
    /// <returns>The normalized tensor.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, a variance is negative or NaN, or ε is negative.</exception>
    public static Tensor Forward(Tensor input, Tensor mean, Tensor variance, Tensor? scale, Tensor? shift, float epsilon)
    {
        // input (N, C, H, W), mean/variance/scale/shift (C) → output (N, C, H, W)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var channels = input.Channels;
        RequireChannelVector(mean, channels, nameof(mean));
        RequireChannelVector(variance, channels, nameof(variance));
        if (scale is not null)
        {
            RequireChannelVector(scale, channels, nameof(scale));
        }

        if (shift is not null)
        {
            RequireChannelVector(shift, channels, nameof(shift));
        }

        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon is {epsilon}; expected a finite value >= 0.");
        }

        var multiplier = new float[channels];
        var offset = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var channelVariance = variance.Span[c];
            if (!(channelVariance >= 0))
            {
                throw new ArgumentException($"variance[{c}] is {channelVariance}; expected a value >= 0.", nameof(variance));
            }

            var a = (scale is null ? 1.0 : scale.Span[c]) / Math.Sqrt(channelVariance + (double)epsilon);
            multiplier[c] = (float)a;
            offset[c] = (float)((shift is null ? 0.0 : shift.Span[c]) - (mean.Span[c] * a));
        }

        var output = new Tensor(input.Shape, input.Layout);
        ChannelAffine.Apply(input, output, multiplier, offset, perSample: false);
        return output;
    }

    /// <summary>
    /// Per-channel mean and biased variance (divided by the element count N·H·W, as normalization uses) over the
    /// batch and both spatial axes, accumulated in double precision.
    /// </summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout.</param>
    /// <returns>Mean (C) and biased variance (C).</returns>
    /// <exception cref="ArgumentException">The input is not 4-D.</exception>
    public static (Tensor Mean, Tensor Variance) Statistics(Tensor input)
    {
        // input (N, C, H, W) → mean (C), variance (C)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var count = (double)batch * pixels;
        var mean = new Tensor([channels]);
        var variance = new Tensor([channels]);
        var nchw = input.Layout == TensorLayout.Nchw;

        // Element i of channel c in image n sits at one of two strides; two passes (mean, then squared deviations)
        // avoid the cancellation of E[x²] − E[x]².
        Parallelism.For(channels, Parallelism.DefaultThreadCount, c =>
        {
            var values = input.Span;
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
            {
                for (var i = 0; i < pixels; i++)
                {
                    sum += values[nchw ? ((n * channels) + c) * pixels + i : (((n * pixels) + i) * channels) + c];
                }
            }

            var channelMean = sum / count;
            var squares = 0.0;
            for (var n = 0; n < batch; n++)
            {
                for (var i = 0; i < pixels; i++)
                {
                    var deviation = values[nchw ? ((n * channels) + c) * pixels + i : (((n * pixels) + i) * channels) + c] - channelMean;
                    squares += deviation * deviation;
                }
            }

            mean.Span[c] = (float)channelMean;
            variance.Span[c] = (float)(squares / count);
        });
        return (mean, variance);
    }

    private static void RequireChannelVector(Tensor tensor, int channels, string parameter)
    {
        ArgumentNullException.ThrowIfNull(tensor, parameter);
        if (tensor.Rank != 1 || tensor.Length != channels)
        {
            throw new ArgumentException($"{parameter} has shape {Tensor.FormatShape(tensor.Shape)}; expected ({channels}), one value per input channel.", parameter);
        }
    }
}
