namespace Depthwise.Onnx.Export;

/// <summary>How <see cref="OnnxExporter"/> writes a model.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Name of the graph input. Default <c>input</c>.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>Name of the graph output. Default <c>output</c>.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>
    /// Whether the batch dimension of the input and output is symbolic (<c>N</c>), so the file runs any batch size.
    /// Default true; false writes the batch of the export shape.
    /// </summary>
    public bool DynamicBatch { get; init; } = true;

    /// <summary>
    /// Whether a batch normalization that directly follows a convolution (without a fused activation) is folded into
    /// that convolution's weights and bias — <c>W' = W·γ/√(var + ε)</c>, <c>b' = (b − mean)·γ/√(var + ε) + β</c> — as
    /// inference engines do. Default false: every batch normalization is written as a BatchNormalization node with
    /// the module's running statistics, so the file keeps the model's exact parameters.
    /// </summary>
    public bool FoldBatchNorm { get; init; }

    /// <summary>The defaults.</summary>
    public static OnnxExportOptions Default { get; } = new();
}
