using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// A SeparableConv step bound to a fused <see cref="SeparableConv2dPlan"/> call on the plan's buffers; the plan may
/// switch it to read its input channels-last, or to run the stem that writes its input inside it
/// (<see cref="IChannelsLastReader"/>).
/// </summary>
internal sealed class BoundSeparableConvStep(SeparableConv2dPlan plan, Tensor input, Tensor output) : IChannelsLastReader
{
    private Action _call = plan.Bind(input, output);

    /// <inheritdoc/>
    public void ReadChannelsLast() => _call = plan.Bind(input, output, channelsLastInput: true);

    /// <inheritdoc/>
    public bool RunWriterInside(IChannelsLastWriter writer)
    {
        if (plan.BindAfterStem(writer.Call, input, output, () => writer.CurrentInput) is not { } fused)
        {
            return false;
        }

        _call = fused;
        return true;
    }

    /// <summary>Runs the block.</summary>
    public void Run()
    {
        // x (N, C, H, W), or its data (N, H, W, C) once switched, or the stem's input x0 (N, Cin, H0, W0) once it runs the stem → y (N, Cout, Ho, Wo)
        _call();
    }
}
