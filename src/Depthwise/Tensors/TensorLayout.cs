namespace Depthwise.Tensors;

/// <summary>
/// How the four dimensions of an image tensor are ordered in memory (row-major, last dimension fastest).
/// Tensors that are not 4-D ignore the layout.
/// </summary>
public enum TensorLayout
{
    /// <summary>Batch, channels, height, width: PyTorch's and ONNX's order.</summary>
    Nchw,

    /// <summary>Batch, height, width, channels: TensorFlow's and XNNPACK's order.</summary>
    Nhwc,
}
