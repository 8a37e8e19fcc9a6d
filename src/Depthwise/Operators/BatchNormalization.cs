using System.Buffers;
using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

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
public static partial class BatchNormalization
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
    /// batch and both spatial axes: vector sums over planes (NCHW) or blocks of 64 pixels (NHWC) in float, added in double.
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

        // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] − E[x]².
        if (nchw)
        {
            // Each plane is contiguous: vector sums per plane, added across images in double.
            Parallelism.For(channels, input.Length >= 1 << 15 ? Parallelism.DefaultThreadCount : 1, c =>
            {
                var sum = 0.0;
                for (var n = 0; n < batch; n++)
                {
                    sum += TensorPrimitives.Sum(input.Span.Slice(((n * channels) + c) * pixels, pixels));
                }

                var channelMean = (float)(sum / count);
                var deviations = ArrayPool<float>.Shared.Rent(pixels);
                var squares = 0.0;
                for (var n = 0; n < batch; n++)
                {
                    var deviation = deviations.AsSpan(0, pixels);
                    TensorPrimitives.Subtract(input.Span.Slice(((n * channels) + c) * pixels, pixels), channelMean, deviation);
                    squares += TensorPrimitives.SumOfSquares(deviation);
                }

                ArrayPool<float>.Shared.Return(deviations);
                mean.Span[c] = channelMean;
                variance.Span[c] = (float)(squares / count);
            });
            return (mean, variance);
        }

        StatisticsChannelsLast(input, mean.Span, variance.Span, Parallelism.DefaultThreadCount);
        return (mean, variance);
    }

    /// <summary>
    /// Training-mode normalization, as PyTorch's <c>BatchNorm2d</c> in <c>train()</c>: normalizes with the batch's mean and
    /// biased variance, and (when given) moves the running statistics toward them:
    /// <c>running = (1 − momentum) · running + momentum · batch</c>, the variance unbiased (× n / (n − 1), n = N·H·W).
    /// </summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout; N·H·W ≥ 2.</param>
    /// <param name="scale">(C) γ, or null for 1.</param>
    /// <param name="shift">(C) β, or null for 0.</param>
    /// <param name="epsilon">Added to the variance before the square root (≥ 0).</param>
    /// <param name="runningMean">(C) running mean, updated in place; null to leave running statistics alone (then <paramref name="runningVariance"/> must be null too).</param>
    /// <param name="runningVariance">(C) running variance, updated in place, or null.</param>
    /// <param name="momentum">Weight of this batch in the running statistics, in [0, 1].</param>
    /// <returns>The output and the batch mean and inverse standard deviation that <see cref="Backward"/> takes.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, N·H·W is below 2, or a number is out of range.</exception>
    public static BatchNormalizationTraining ForwardTraining(
        Tensor input, Tensor? scale, Tensor? shift, float epsilon, Tensor? runningMean = null, Tensor? runningVariance = null, float momentum = 0.1f)
    {
        // input (N, C, H, W), scale/shift (C) → output (N, C, H, W), mean (C), inverse standard deviation (C)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var channels = input.Channels;
        var count = (long)input.Batch * input.Height * input.Width;
        if (count < 2)
        {
            throw new ArgumentException(
                $"input is {input}: training-mode batch normalization needs more than one value per channel (N·H·W = {count}); use inference mode for single values.",
                nameof(input));
        }

        if ((runningMean is null) != (runningVariance is null))
        {
            throw new ArgumentException("runningMean and runningVariance must be given together or both be null.", nameof(runningVariance));
        }

        if (runningMean is not null)
        {
            RequireChannelVector(runningMean, channels, nameof(runningMean));
            RequireChannelVector(runningVariance!, channels, nameof(runningVariance));
        }

        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum is {momentum}; expected a value in [0, 1].");
        }

        var (mean, variance) = Statistics(input);
        var output = Forward(input, mean, variance, scale, shift, epsilon);
        var inverseDeviation = new Tensor([channels]);
        var unbiased = count / (double)(count - 1);
        for (var c = 0; c < channels; c++)
        {
            inverseDeviation.Span[c] = (float)(1 / Math.Sqrt(variance.Span[c] + (double)epsilon));
            if (runningMean is not null)
            {
                runningMean.Span[c] = (float)(((1 - momentum) * (double)runningMean.Span[c]) + (momentum * (double)mean.Span[c]));
                runningVariance!.Span[c] = (float)(((1 - momentum) * (double)runningVariance.Span[c]) + (momentum * variance.Span[c] * unbiased));
            }
        }

        return new BatchNormalizationTraining(output, mean, inverseDeviation);
    }

    /// <summary>
    /// Backward of <see cref="ForwardTraining"/>: with x̂ = (x − mean) · invStd and m = N·H·W,
    /// ∂β = Σ ∂y, ∂γ = Σ ∂y · x̂, ∂x = γ · invStd / m · (m · ∂y − ∂β − x̂ · ∂γ). Each channel is reduced by one thread
    /// (per-plane sums added in image order, in double), so the result does not depend on the thread count.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="gradOutput">∂L/∂output, the input's shape and layout.</param>
    /// <param name="mean">The forward's batch mean (C).</param>
    /// <param name="inverseStandardDeviation">The forward's 1 / √(variance + ε) (C).</param>
    /// <param name="scale">(C) γ, or null for 1.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>∂L/∂input, ∂L/∂γ and ∂L/∂β.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape or layout.</exception>
    public static BatchNormalizationGradients Backward(Tensor input, Tensor gradOutput, Tensor mean, Tensor inverseStandardDeviation, Tensor? scale, int threads = 0)
    {
        // gradOutput (N, C, H, W), input (N, C, H, W), mean/invStd/scale (C) → gradInput (N, C, H, W), gradScale (C), gradShift (C)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        input.RequireRank4(nameof(input));
        if (gradOutput.Layout != input.Layout || !gradOutput.Shape.SequenceEqual(input.Shape))
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected the input's shape and layout, {input}.", nameof(gradOutput));
        }

        var channels = input.Channels;
        RequireChannelVector(mean, channels, nameof(mean));
        RequireChannelVector(inverseStandardDeviation, channels, nameof(inverseStandardDeviation));
        if (scale is not null)
        {
            RequireChannelVector(scale, channels, nameof(scale));
        }

        var resolved = Parallelism.Resolve(threads);
        if (input.Layout == TensorLayout.Nhwc)
        {
            return BackwardChannelsLast(input, gradOutput, mean.Span, inverseStandardDeviation.Span, scale, resolved);
        }

        var x = input;
        var dy = gradOutput;
        var gradInput = new Tensor(x.Shape);
        var gradScale = new Tensor([channels]);
        var gradShift = new Tensor([channels]);
        var batch = input.Batch;
        var pixels = input.Height * input.Width;
        var count = (double)batch * pixels;
        Parallelism.For(channels, input.Length >= 1 << 15 ? resolved : 1, c =>
        {
            var channelMean = mean.Span[c];
            var inverse = inverseStandardDeviation.Span[c];
            var normalized = ArrayPool<float>.Shared.Rent(pixels);
            try
            {
                var xHat = normalized.AsSpan(0, pixels);
                double sumGrad = 0, sumGradXHat = 0;
                for (var n = 0; n < batch; n++)
                {
                    var offset = ((n * channels) + c) * pixels;
                    var gradients = dy.Span.Slice(offset, pixels);
                    TensorPrimitives.Subtract(x.Span.Slice(offset, pixels), channelMean, xHat);
                    TensorPrimitives.Multiply(xHat, inverse, xHat);
                    sumGrad += TensorPrimitives.Sum(gradients);
                    sumGradXHat += TensorPrimitives.Dot(gradients, xHat);
                }

                gradShift.Span[c] = (float)sumGrad;
                gradScale.Span[c] = (float)sumGradXHat;
                var k = (scale is null ? 1.0 : scale.Span[c]) * inverse;
                var a = (float)(-k * sumGradXHat / count);
                var b = (float)(-k * sumGrad / count);
                for (var n = 0; n < batch; n++)
                {
                    var offset = ((n * channels) + c) * pixels;
                    var destination = gradInput.Span.Slice(offset, pixels);
                    TensorPrimitives.Subtract(x.Span.Slice(offset, pixels), channelMean, xHat);
                    TensorPrimitives.Multiply(xHat, inverse * a, xHat);
                    TensorPrimitives.MultiplyAdd(dy.Span.Slice(offset, pixels), (float)k, xHat, destination);
                    TensorPrimitives.Add(destination, b, destination);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(normalized);
            }
        });

        return new BatchNormalizationGradients(gradInput, gradScale, gradShift);
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
