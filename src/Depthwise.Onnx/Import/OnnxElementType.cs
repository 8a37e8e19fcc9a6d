namespace Depthwise.Onnx.Import;

/// <summary>Element types of model inputs and outputs, numbered as ONNX's <c>TensorProto.DataType</c>.</summary>
public enum OnnxElementType
{
    /// <summary>Not given or not one we know.</summary>
    Undefined = 0,

    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 2,

    /// <summary>8-bit signed integer.</summary>
    Int8 = 3,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>16-bit float.</summary>
    Float16 = 10,

    /// <summary>64-bit float.</summary>
    Double = 11,
}
