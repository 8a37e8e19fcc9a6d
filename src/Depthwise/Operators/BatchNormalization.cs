using System.Buffers;
using Depthwise.Kernels;
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

        for (var c = 0; c < channels; c++)
        {
            var channelVariance = variance.Span[c];
            if (!(channelVariance >= 0))
            {
                throw new ArgumentException($"variance[{c}] is {channelVariance}; expected a value >= 0.", nameof(variance));
            }
        }

        var output = new Tensor(input.Shape, input.Layout);
        Normalize(input, mean, variance, scale, shift, epsilon, output);
        return output;
    }

    // output = (input − mean) / √(variance + ε) · scale + shift, through one multiplier and offset per channel.
    private static void Normalize(Tensor input, Tensor mean, Tensor variance, Tensor? scale, Tensor? shift, float epsilon, Tensor output)
    {
        var channels = input.Channels;
        var multiplier = new float[channels];
        var offset = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var a = (scale is null ? 1.0 : scale.Span[c]) / Math.Sqrt(variance.Span[c] + (double)epsilon);
            multiplier[c] = (float)a;
            offset[c] = (float)((shift is null ? 0.0 : shift.Span[c]) - (mean.Span[c] * a));
        }

        ChannelAffine.Apply(input, output, multiplier, offset, perSample: false);
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
        ValidateTraining(input, scale, shift, epsilon, runningMean, runningVariance, momentum);
        var result = new BatchNormalizationTraining(new Tensor(input.Shape, input.Layout), new Tensor([input.Channels]), new Tensor([input.Channels]));
        Train(input, scale, shift, epsilon, runningMean, runningVariance, momentum, result);
        return result;
    }

    /// <summary>
    /// <see cref="ForwardTraining"/> into caller-owned tensors (a training module's buffers, reused every step): the
    /// output shaped like the input, mean and inverse deviation (C). Same bits as the allocating form.
    /// </summary>
    internal static void ForwardTrainingInto(
        Tensor input, Tensor? scale, Tensor? shift, float epsilon, Tensor? runningMean, Tensor? runningVariance, float momentum, BatchNormalizationTraining destination)
    {
        // input (N, C, H, W), scale/shift (C) → output (N, C, H, W), mean (C), inverse standard deviation (C)
        ValidateTraining(input, scale, shift, epsilon, runningMean, runningVariance, momentum);
        Train(input, scale, shift, epsilon, runningMean, runningVariance, momentum, destination);
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
        ValidateBackward(input, gradOutput, mean, inverseStandardDeviation, scale);
        var resolved = Parallelism.Resolve(threads);
        if (input.Layout == TensorLayout.Nhwc)
        {
            return BackwardChannelsLast(input, gradOutput, mean.Span, inverseStandardDeviation.Span, scale, resolved);
        }

        var gradients = new BatchNormalizationGradients(new Tensor(input.Shape), new Tensor([input.Channels]), new Tensor([input.Channels]));
        BackwardNchw(input, gradOutput, mean, inverseStandardDeviation, scale, resolved, gradients);
        return gradients;
    }

    /// <summary>
    /// <see cref="Backward"/> into caller-owned tensors (overwritten): ∂x shaped like the input, ∂γ and ∂β (C). Same bits as the allocating form.
    /// </summary>
    internal static void BackwardInto(
        Tensor input, Tensor gradOutput, Tensor mean, Tensor inverseStandardDeviation, Tensor? scale, int threads, BatchNormalizationGradients destination)
    {
        // gradOutput (N, C, H, W), input (N, C, H, W), mean/invStd/scale (C) → gradInput (N, C, H, W), gradScale (C), gradShift (C)
        ValidateBackward(input, gradOutput, mean, inverseStandardDeviation, scale);
        var resolved = Parallelism.Resolve(threads);
        if (input.Layout == TensorLayout.Nhwc)
        {
            var gradients = BackwardChannelsLast(input, gradOutput, mean.Span, inverseStandardDeviation.Span, scale, resolved);
            gradients.GradInput.Span.CopyTo(destination.GradInput.Span);
            gradients.GradScale.Span.CopyTo(destination.GradScale.Span);
            gradients.GradShift.Span.CopyTo(destination.GradShift.Span);
            return;
        }

        BackwardNchw(input, gradOutput, mean, inverseStandardDeviation, scale, resolved, destination);
    }

    private static void ValidateTraining(Tensor input, Tensor? scale, Tensor? shift, float epsilon, Tensor? runningMean, Tensor? runningVariance, float momentum)
    {
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

        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum is {momentum}; expected a value in [0, 1].");
        }
    }

    private static void ValidateBackward(Tensor input, Tensor gradOutput, Tensor mean, Tensor inverseStandardDeviation, Tensor? scale)
    {
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
    }

    // Statistics, normalization and running statistics into destination; the batch variance passes through the
    // inverse-deviation tensor before it becomes 1 / √(variance + ε).
    private static void Train(
        Tensor input, Tensor? scale, Tensor? shift, float epsilon, Tensor? runningMean, Tensor? runningVariance, float momentum, BatchNormalizationTraining destination)
    {
        var channels = input.Channels;
        var count = (long)input.Batch * input.Height * input.Width;
        var mean = destination.Mean;
        var inverseDeviation = destination.InverseStandardDeviation;
        if (input.Layout == TensorLayout.Nchw)
        {
            TrainNchw(input, scale, shift, epsilon, destination);
        }
        else
        {
            var (batchMean, variance) = Statistics(input);
            Normalize(input, batchMean, variance, scale, shift, epsilon, destination.Output);
            batchMean.Span.CopyTo(mean.Span);
            variance.Span.CopyTo(inverseDeviation.Span);
        }

        var unbiased = count / (double)(count - 1);
        for (var c = 0; c < channels; c++)
        {
            var variance = inverseDeviation.Span[c];
            inverseDeviation.Span[c] = (float)(1 / Math.Sqrt(variance + (double)epsilon));
            if (runningMean is not null)
            {
                runningMean.Span[c] = (float)(((1 - momentum) * (double)runningMean.Span[c]) + (momentum * (double)mean.Span[c]));
                runningVariance!.Span[c] = (float)(((1 - momentum) * (double)runningVariance.Span[c]) + (momentum * variance * unbiased));
            }
        }
    }

    // NCHW: one thread per channel computes its mean, its variance (from the deviations, no cancellation) and normalizes
    // its planes while they are still in cache; plane sums are added in image order, in double.
    private static void TrainNchw(Tensor input, Tensor? scale, Tensor? shift, float epsilon, BatchNormalizationTraining destination)
    {
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var count = (double)batch * pixels;
        var output = destination.Output;
        var mean = destination.Mean;
        var variance = destination.InverseStandardDeviation;
        Parallelism.For(channels, input.Length >= 1 << 15 ? Parallelism.DefaultThreadCount : 1, c =>
        {
            var values = input.Span;
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
            {
                sum += TensorPrimitives.Sum(values.Slice(((n * channels) + c) * pixels, pixels));
            }

            var channelMean = (float)(sum / count);
            var squares = 0.0;
            for (var n = 0; n < batch; n++)
            {
                squares += BatchNormKernel.SquaredDeviations(values.Slice(((n * channels) + c) * pixels, pixels), channelMean);
            }

            var channelVariance = (float)(squares / count);
            var a = (scale is null ? 1.0 : scale.Span[c]) / Math.Sqrt(channelVariance + (double)epsilon);
            var multiplier = (float)a;
            var offset = (float)((shift is null ? 0.0 : shift.Span[c]) - (channelMean * a));
            for (var n = 0; n < batch; n++)
            {
                var start = ((n * channels) + c) * pixels;
                BatchNormKernel.Affine(values.Slice(start, pixels), multiplier, offset, output.Span.Slice(start, pixels));
            }

            mean.Span[c] = channelMean;
            variance.Span[c] = channelVariance;
        });
    }

    private static void BackwardNchw(
        Tensor input, Tensor gradOutput, Tensor mean, Tensor inverseStandardDeviation, Tensor? scale, int threads, BatchNormalizationGradients destination)
    {
        var x = input;
        var dy = gradOutput;
        var (gradInput, gradScale, gradShift) = (destination.GradInput, destination.GradScale, destination.GradShift);
        var channels = input.Channels;
        var batch = input.Batch;
        var pixels = input.Height * input.Width;
        var count = (double)batch * pixels;
        Parallelism.For(channels, input.Length >= 1 << 15 ? threads : 1, c =>
        {
            var channelMean = mean.Span[c];
            var inverse = inverseStandardDeviation.Span[c];
            double sumGrad = 0, sumGradCentered = 0;
            for (var n = 0; n < batch; n++)
            {
                var offset = ((n * channels) + c) * pixels;
                var (planeGrad, planeCentered) = BatchNormKernel.GradientSums(x.Span.Slice(offset, pixels), dy.Span.Slice(offset, pixels), channelMean);
                sumGrad += planeGrad;
                sumGradCentered += planeCentered;
            }

            var sumGradXHat = sumGradCentered * inverse;
            gradShift.Span[c] = (float)sumGrad;
            gradScale.Span[c] = (float)sumGradXHat;
            var k = (scale is null ? 1.0 : scale.Span[c]) * inverse;
            var centeredScale = (float)(-k * sumGradXHat / count * inverse);
            var shiftTerm = (float)(-k * sumGrad / count);
            for (var n = 0; n < batch; n++)
            {
                var offset = ((n * channels) + c) * pixels;
                BatchNormKernel.InputGradient(
                    x.Span.Slice(offset, pixels), dy.Span.Slice(offset, pixels), channelMean, (float)k, centeredScale, shiftTerm, gradInput.Span.Slice(offset, pixels));
            }
        });
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
