using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// A bound step (the target of its action) that can write its NCHW output's data channels-last, (N, H, W, C), for a
/// next step that reads it so (<see cref="IChannelsLastReader"/>): the <see cref="ExecutionPlan"/> switches both when
/// that step is the output's only reader, so neither the writer's planar stores nor the reader's transposes run; or it
/// lets the reader run the writer's convolution inside its own, band by band (<see cref="IChannelsLastReader.RunWriterInside"/>).
/// </summary>
internal interface IChannelsLastWriter
{
    /// <summary>Whether the step can write its output channels-last.</summary>
    bool CanWriteChannelsLast { get; }

    /// <summary>The step's bound convolution.</summary>
    ConvCall Call { get; }

    /// <summary>The tensor the step reads on the current run (the plan's buffer or the caller's tensor).</summary>
    Tensor CurrentInput { get; }

    /// <summary>From the next run on, writes the output channels-last (only when <see cref="CanWriteChannelsLast"/>).</summary>
    void WriteChannelsLast();

    /// <summary>From the next run on, does nothing: its reader computes the output inside its own step.</summary>
    void RunInsideReader();
}
