using Depthwise.Cost;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Batch normalization over the channels of an image batch, as PyTorch's <c>BatchNorm2d</c>: learnable γ
/// (<c>weight</c>) and β (<c>bias</c>), running statistics <c>running_mean</c> and <c>running_var</c> as buffers.
/// </summary>
/// <remarks>
/// <para>
/// Inference (<see cref="Module.Eval"/>): <c>y = (x − running_mean) / √(running_var + ε) · γ + β</c>.
/// </para>
/// <para>
/// Training: the batch's own mean and biased variance normalize the batch, and the running statistics move toward
/// them: <c>running = (1 − momentum) · running + momentum · batch</c>, with the unbiased variance
/// (× n / (n − 1), n = N·H·W) as PyTorch does. That forward keeps a reference to its input and the batch mean and
/// inverse deviation for <see cref="Backward(Tensor)"/>.
/// </para>
/// </remarks>
public sealed class BatchNorm2d : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;
    private BatchNormalizationTraining? _statistics;
    private BatchNormalizationTraining? _kept;
    private BatchNormalizationGradients? _gradients;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    /// <param name="channels">C (≥ 1).</param>
    /// <param name="epsilon">Added to the variance (≥ 0); PyTorch's default 1e-5, MobileNetV3 uses 1e-3.</param>
    /// <param name="momentum">Weight of the new batch in the running statistics, in [0, 1]; PyTorch's default 0.1.</param>
    /// <param name="affine">Whether γ and β exist (learnable); without them the layer only normalizes.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public BatchNorm2d(int channels, float epsilon = 1e-5f, float momentum = 0.1f, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon is {epsilon}; expected a finite value >= 0.");
        }

        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum is {momentum}; expected a value in [0, 1].");
        }

        Channels = channels;
        Epsilon = epsilon;
        Momentum = momentum;
        if (affine)
        {
            Weight = AddParameter("weight", Filled(channels, 1f));
            Bias = AddParameter("bias", new Tensor([channels]));
        }

        RunningMean = AddBuffer("running_mean", new Tensor([channels]));
        RunningVariance = AddBuffer("running_var", Filled(channels, 1f));
    }

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>Running-statistics momentum.</summary>
    public float Momentum { get; }

    /// <summary>γ (C), or null without affine.</summary>
    public Parameter? Weight { get; }

    /// <summary>β (C), or null without affine.</summary>
    public Parameter? Bias { get; }

    /// <summary>Running mean (C).</summary>
    public Tensor RunningMean { get; }

    /// <summary>Running variance (C).</summary>
    public Tensor RunningVariance { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, H, W), in input's layout
        ArgumentNullException.ThrowIfNull(input);
        (_input, _statistics) = (null, null);
        if (!IsTraining)
        {
            return BatchNormalization.Forward(input, RunningMean, RunningVariance, Weight?.Value, Bias?.Value, Epsilon);
        }

        var output = _output.Like(input);
        if (_kept is null || !ReferenceEquals(_kept.Output, output) || _kept.Mean.Length != input.Channels)
        {
            _kept = new BatchNormalizationTraining(output, new Tensor([Channels]), new Tensor([Channels]));
        }

        BatchNormalization.ForwardTrainingInto(input, Weight?.Value, Bias?.Value, Epsilon, RunningMean, RunningVariance, Momentum, _kept);
        (_input, _statistics) = (input, _kept);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C, H, W) → gradInput (N, C, H, W); weight γ (C) and bias β (C) gradients accumulated
        var input = RequireCache(_input);
        var statistics = RequireCache(_statistics);
        var gradInput = _gradInput.Like(input);
        if (_gradients is null || !ReferenceEquals(_gradients.GradInput, gradInput))
        {
            _gradients = new BatchNormalizationGradients(gradInput, new Tensor([Channels]), new Tensor([Channels]));
        }

        var gradients = _gradients;
        BatchNormalization.BackwardInto(input, gradOutput, statistics.Mean, statistics.InverseStandardDeviation, Weight?.Value, 0, gradients);
        (_input, _statistics) = (null, null);
        Weight?.AccumulateGradient(gradients.GradScale);
        Bias?.AccumulateGradient(gradients.GradShift);
        return gradients.GradInput;
    }

    /// <inheritdoc />
    /// <remarks>No multiply-adds are counted: at inference the normalization folds into the preceding convolution's weights and bias.</remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        Shapes.RequireImage(inputShape, Channels, nameof(BatchNorm2d));
        var elements = Shapes.Elementwise(nameof(BatchNorm2d), inputShape).Cost;
        var parameters = Weight is null ? 0 : 2L * Channels;
        var cost = elements with { Parameters = parameters, BytesRead = elements.BytesRead + (sizeof(float) * (parameters + (2L * Channels))) };
        return LayerCost.Leaf(nameof(BatchNorm2d), string.Empty, inputShape, inputShape, cost);
    }

    private static Tensor Filled(int length, float value)
    {
        var tensor = new Tensor([length]);
        tensor.Span.Fill(value);
        return tensor;
    }
}
