namespace Depthwise.Onnx.Import;

/// <summary>How a model is loaded: threads for its convolutions and whether the graph passes run.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>Worker threads for convolutions; 0 means all cores. Outputs do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Run the graph passes (constant folding, BatchNormalization folded into Conv, activations fused into Conv,
    /// dead-node removal). Default true; false runs the graph node by node as the file has it.
    /// </summary>
    public bool Optimize { get; init; } = true;

    /// <summary>The defaults: all cores, passes on.</summary>
    public static OnnxModelOptions Default { get; } = new();
}
