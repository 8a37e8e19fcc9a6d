using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// A SeparableConv step bound to a fused <see cref="SeparableConv2dPlan"/> call on the plan's buffers; the plan may
/// switch it to read its input channels-last (<see cref="IChannelsLastReader"/>: a stem wrote it so).
/// </summary>
internal sealed class BoundSeparableConvStep(SeparableConv2dPlan plan, Tensor input, Tensor output) : IChannelsLastReader
{
    private Action _call = plan.Bind(input, output);

    /// <inheritdoc/>
    public void ReadChannelsLast() => _call = plan.Bind(input, output, channelsLastInput: true);

    /// <summary>Runs the block.</summary>
    public void Run()
    {
        // x (N, C, H, W), or its data (N, H, W, C) once switched → y (N, Cout, Ho, Wo)
        _call();
    }
}
