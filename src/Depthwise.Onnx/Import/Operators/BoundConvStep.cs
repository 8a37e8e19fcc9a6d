using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// A Conv step bound to a <see cref="ConvCall"/> (validated and decided once at plan build) and to the plan's output
/// buffer; it reads the plan's input buffer, or the caller's tensor when the plan hands it one (a model input read by
/// this step alone, see <see cref="ICallerInputReader"/>). A stem may be switched to write its output channels-last
/// for the one step that reads it so, or to do nothing while that step computes its output (<see cref="IChannelsLastWriter"/>).
/// </summary>
internal sealed class BoundConvStep(ConvCall call, Tensor input, Tensor output) : ICallerInputReader, IChannelsLastWriter
{
    private Tensor? _callerInput;
    private ConvCall _call = call;
    private bool _runsInsideReader;

    /// <inheritdoc/>
    public bool CanWriteChannelsLast => _call.CanWriteChannelsLastOutput;

    /// <inheritdoc/>
    public ConvCall Call => _call;

    /// <inheritdoc/>
    public Tensor CurrentInput => _callerInput ?? input;

    /// <inheritdoc/>
    public void WriteChannelsLast() => _call = _call.ChannelsLastOutput() ?? throw new InvalidOperationException("This Conv step cannot write channels-last.");

    /// <inheritdoc/>
    public void RunInsideReader() => _runsInsideReader = true;

    /// <inheritdoc/>
    public void ReadFrom(Tensor? input) => _callerInput = input;

    /// <summary>Runs the convolution.</summary>
    public void Run()
    {
        // x (N, Cin, H, W) → y (N, Cout, Ho, Wo) with the prepared weights, or its data (N, Ho, Wo, Cout) once switched
        if (!_runsInsideReader)
        {
            _call.Run(CurrentInput.Span, output.Span);
        }
    }
}
