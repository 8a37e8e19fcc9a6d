namespace Depthwise.Geometry;

/// <summary>How the pads around the input are chosen.</summary>
public enum PaddingMode
{
    /// <summary>No padding: only windows that fit entirely inside the input.</summary>
    Valid,

    /// <summary>
    /// TensorFlow/ONNX 'SAME' (ONNX <c>SAME_UPPER</c>): output size is ceil(input / stride); when the total pad
    /// is odd, the extra pixel goes at the end (bottom/right).
    /// </summary>
    SameUpper,

    /// <summary>ONNX <c>SAME_LOWER</c>: like <see cref="SameUpper"/> but the extra pixel goes at the beginning (top/left).</summary>
    SameLower,

    /// <summary>Pads given explicitly, possibly asymmetric.</summary>
    Explicit,
}
