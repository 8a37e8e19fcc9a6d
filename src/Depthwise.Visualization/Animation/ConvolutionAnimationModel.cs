using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Visualization.Animation;

/// <summary>
/// The numbers behind the animation: a small integer input and kernels, the depthwise output computed by
/// <see cref="DepthwiseConv2d.Forward(Tensor, Tensor, Tensor?, Conv2dOptions?)"/> and, for the comparison, the
/// traditional output computed by <see cref="Conv2d.Forward(Tensor, Tensor, Tensor?, int, Conv2dOptions?)"/>.
/// Frames read these results; nothing here convolves.
/// </summary>
/// <remarks>
/// Frame <c>i &lt; Ho·Wo</c> computes output (i / Wo, i mod Wo) in every map; the last frame shows them all.
/// The traditional kernel is the stack of each channel's first depthwise kernel, so its output is the sum over
/// channels of those depthwise maps: the same products, added across channels.
/// </remarks>
public sealed class ConvolutionAnimationModel
{
    private readonly float[] _input;
    private readonly float[] _weights;
    private readonly float[] _depthwiseOutput;
    private readonly float[] _traditionalWeights;
    private readonly float[] _traditionalOutput;

    private ConvolutionAnimationModel(AnimationSettings settings, ConvGeometry geometry, float[] input, float[] weights, float[] depthwiseOutput, float[] traditionalWeights, float[] traditionalOutput)
    {
        Settings = settings;
        Geometry = geometry;
        _input = input;
        _weights = weights;
        _depthwiseOutput = depthwiseOutput;
        _traditionalWeights = traditionalWeights;
        _traditionalOutput = traditionalOutput;
    }

    /// <summary>The settings the model was built from.</summary>
    public AnimationSettings Settings { get; }

    /// <summary>Output size and pads, from the operator.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>Input channels C.</summary>
    public int Channels => Settings.Channels;

    /// <summary>Output maps C·M.</summary>
    public int OutputChannels => Settings.Channels * Settings.Multiplier;

    /// <summary>Windows the animation visits: Ho·Wo.</summary>
    public int StepCount => Geometry.OutputHeight * Geometry.OutputWidth;

    /// <summary>Frames: one per step plus the closing frame.</summary>
    public int FrameCount => StepCount + 1;

    /// <summary>Multiplies per depthwise output value: kH·kW.</summary>
    public int DepthwiseMultipliesPerOutput => Geometry.Taps;

    /// <summary>Multiplies per traditional output value: C·kH·kW.</summary>
    public int TraditionalMultipliesPerOutput => Geometry.Taps * Channels;

    /// <summary>Builds the input and kernels from the settings' seed and runs the operators.</summary>
    /// <param name="settings">What to show.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">A setting is out of range, or the kernel does not fit the padded input.</exception>
    public static ConvolutionAnimationModel Create(AnimationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var random = new Random(settings.Seed);
        var (height, width) = (settings.InputSize.Height, settings.InputSize.Width);
        var (kernelHeight, kernelWidth) = (settings.Kernel.Height, settings.Kernel.Width);
        var outputChannels = settings.Channels * settings.Multiplier;

        // Small integers keep every product and sum exact and short enough to print in a cell.
        var inputValues = new float[settings.Channels * height * width];
        for (var i = 0; i < inputValues.Length; i++)
        {
            inputValues[i] = random.Next(0, 10);
        }

        var weightValues = new float[outputChannels * kernelHeight * kernelWidth];
        for (var i = 0; i < weightValues.Length; i++)
        {
            weightValues[i] = random.Next(-1, 3);
        }

        var options = new Conv2dOptions { Stride = settings.Stride, Dilation = settings.Dilation, Padding = settings.Padding, Threads = 1 };
        using var input = new Tensor(inputValues, [1, settings.Channels, height, width]);
        using var weights = new Tensor(weightValues, [outputChannels, 1, kernelHeight, kernelWidth]);
        var geometry = DepthwiseConv2d.Geometry(input, weights, options);
        using var depthwise = DepthwiseConv2d.Forward(input, weights, null, options);

        float[] traditionalWeights = [];
        float[] traditionalOutput = [];
        if (settings.Compare)
        {
            // The k×k×C traditional kernel: channel c's slice is output map c·M's depthwise kernel.
            var taps = kernelHeight * kernelWidth;
            traditionalWeights = new float[settings.Channels * taps];
            for (var channel = 0; channel < settings.Channels; channel++)
            {
                weightValues.AsSpan(channel * settings.Multiplier * taps, taps).CopyTo(traditionalWeights.AsSpan(channel * taps));
            }

            using var kernel = new Tensor(traditionalWeights, [1, settings.Channels, kernelHeight, kernelWidth]);
            using var traditional = Conv2d.Forward(input, kernel, null, groups: 1, options);
            traditionalOutput = traditional.Span.ToArray();
        }

        return new ConvolutionAnimationModel(settings, geometry, inputValues, weightValues, depthwise.Span.ToArray(), traditionalWeights, traditionalOutput);
    }

    /// <summary>Input value of channel <paramref name="channel"/> at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <param name="channel">Input channel.</param>
    /// <param name="row">Row, 0 to H−1.</param>
    /// <param name="column">Column, 0 to W−1.</param>
    /// <returns>The value.</returns>
    public float Input(int channel, int row, int column) =>
        _input[(((channel * Geometry.InputHeight) + row) * Geometry.InputWidth) + column];

    /// <summary>Weight (<paramref name="row"/>, <paramref name="column"/>) of output map <paramref name="outputChannel"/>'s kernel.</summary>
    /// <param name="outputChannel">Output channel c·M + m.</param>
    /// <param name="row">Kernel row.</param>
    /// <param name="column">Kernel column.</param>
    /// <returns>The weight.</returns>
    public float Weight(int outputChannel, int row, int column) =>
        _weights[(((outputChannel * Geometry.Kernel.Height) + row) * Geometry.Kernel.Width) + column];

    /// <summary>Weight (<paramref name="row"/>, <paramref name="column"/>) of the traditional kernel's channel-<paramref name="channel"/> slice.</summary>
    /// <param name="channel">Input channel.</param>
    /// <param name="row">Kernel row.</param>
    /// <param name="column">Kernel column.</param>
    /// <returns>The weight.</returns>
    public float TraditionalWeight(int channel, int row, int column) =>
        _traditionalWeights[(((channel * Geometry.Kernel.Height) + row) * Geometry.Kernel.Width) + column];

    /// <summary>The depthwise operator's output for map <paramref name="outputChannel"/> at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <param name="outputChannel">Output channel c·M + m.</param>
    /// <param name="row">Output row.</param>
    /// <param name="column">Output column.</param>
    /// <returns>The value.</returns>
    public float DepthwiseOutput(int outputChannel, int row, int column) =>
        _depthwiseOutput[(((outputChannel * Geometry.OutputHeight) + row) * Geometry.OutputWidth) + column];

    /// <summary>The traditional operator's output at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <param name="row">Output row.</param>
    /// <param name="column">Output column.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The model was built without <see cref="AnimationSettings.Compare"/>.</exception>
    public float TraditionalOutput(int row, int column) => Settings.Compare
        ? _traditionalOutput[(row * Geometry.OutputWidth) + column]
        : throw new InvalidOperationException("the model has no traditional output; build it with Compare = true.");

    /// <summary>The state of frame <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="FrameCount"/> − 1.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the animation.</exception>
    public AnimationFrame Frame(int index)
    {
        if ((uint)index >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index is {index}; the animation has frames 0 to {FrameCount - 1}.");
        }

        return new AnimationFrame(this, index);
    }

    internal IReadOnlyList<TapProduct> Taps(int outputChannel, int outputRow, int outputColumn) =>
        WindowTaps(outputChannel / Settings.Multiplier, outputRow, outputColumn, (row, column) => Weight(outputChannel, row, column));

    internal IReadOnlyList<TapProduct> TraditionalTaps(int outputRow, int outputColumn)
    {
        var taps = new List<TapProduct>(TraditionalMultipliesPerOutput);
        for (var channel = 0; channel < Channels; channel++)
        {
            var slice = channel;
            taps.AddRange(WindowTaps(channel, outputRow, outputColumn, (row, column) => TraditionalWeight(slice, row, column)));
        }

        return taps;
    }

    private List<TapProduct> WindowTaps(int channel, int outputRow, int outputColumn, Func<int, int, float> weight)
    {
        var taps = new List<TapProduct>(Geometry.Taps);
        for (var kernelRow = 0; kernelRow < Geometry.Kernel.Height; kernelRow++)
        {
            var inputRow = Geometry.InputRowOrigin(outputRow) + (kernelRow * Geometry.Dilation.Height);
            for (var kernelColumn = 0; kernelColumn < Geometry.Kernel.Width; kernelColumn++)
            {
                var inputColumn = Geometry.InputColumnOrigin(outputColumn) + (kernelColumn * Geometry.Dilation.Width);
                var padding = inputRow < 0 || inputRow >= Geometry.InputHeight || inputColumn < 0 || inputColumn >= Geometry.InputWidth;
                taps.Add(new TapProduct(
                    kernelRow, kernelColumn, inputRow, inputColumn, padding, padding ? 0 : Input(channel, inputRow, inputColumn), weight(kernelRow, kernelColumn)));
            }
        }

        return taps;
    }
}
