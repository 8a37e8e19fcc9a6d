namespace Depthwise.Visualization.Animation;

/// <summary>
/// The state one frame draws: which output value is being computed, the taps under the window for every output
/// map, and which output values are shown so far. Every number comes from the model, whose outputs come from the
/// library's operators.
/// </summary>
public sealed class AnimationFrame
{
    private readonly ConvolutionAnimationModel _model;

    internal AnimationFrame(ConvolutionAnimationModel model, int index)
    {
        _model = model;
        Index = index;
        IsFinal = index == model.StepCount;
        if (!IsFinal)
        {
            OutputRow = index / model.Geometry.OutputWidth;
            OutputColumn = index % model.Geometry.OutputWidth;
        }
    }

    /// <summary>Frame number, 0 to <see cref="ConvolutionAnimationModel.FrameCount"/> − 1.</summary>
    public int Index { get; }

    /// <summary>Whether this is the closing frame: every output shown, no window.</summary>
    public bool IsFinal { get; }

    /// <summary>Output row computed in this frame (0 on the final frame).</summary>
    public int OutputRow { get; }

    /// <summary>Output column computed in this frame (0 on the final frame).</summary>
    public int OutputColumn { get; }

    /// <summary>The taps of output map <paramref name="outputChannel"/> at this frame's position, row-major over the kernel.</summary>
    /// <param name="outputChannel">Output channel c·M + m.</param>
    /// <returns>kH·kW taps; empty on the final frame.</returns>
    public IReadOnlyList<TapProduct> Taps(int outputChannel) =>
        IsFinal ? [] : _model.Taps(outputChannel, OutputRow, OutputColumn);

    /// <summary>The traditional kernel's taps at this frame's position, channel after channel.</summary>
    /// <returns>C·kH·kW taps; empty on the final frame or without comparison.</returns>
    public IReadOnlyList<TapProduct> TraditionalTaps() =>
        IsFinal || !_model.Settings.Compare ? [] : _model.TraditionalTaps(OutputRow, OutputColumn);

    /// <summary>Whether output (<paramref name="row"/>, <paramref name="column"/>) has been computed by this frame.</summary>
    /// <param name="row">Output row.</param>
    /// <param name="column">Output column.</param>
    /// <returns>True once the window has passed it (all of them on the final frame).</returns>
    public bool IsRevealed(int row, int column) => IsFinal || (row * _model.Geometry.OutputWidth) + column <= Index;

    /// <summary>The depthwise output value drawn in cell (<paramref name="row"/>, <paramref name="column"/>) of map <paramref name="outputChannel"/>, or null while it is not yet computed.</summary>
    /// <param name="outputChannel">Output channel c·M + m.</param>
    /// <param name="row">Output row.</param>
    /// <param name="column">Output column.</param>
    /// <returns>The operator's output, or null.</returns>
    public float? ShownOutput(int outputChannel, int row, int column) =>
        IsRevealed(row, column) ? _model.DepthwiseOutput(outputChannel, row, column) : null;

    /// <summary>The traditional output value drawn in cell (<paramref name="row"/>, <paramref name="column"/>), or null while not yet computed or without comparison.</summary>
    /// <param name="row">Output row.</param>
    /// <param name="column">Output column.</param>
    /// <returns>The operator's output, or null.</returns>
    public float? ShownTraditionalOutput(int row, int column) =>
        _model.Settings.Compare && IsRevealed(row, column) ? _model.TraditionalOutput(row, column) : null;
}
