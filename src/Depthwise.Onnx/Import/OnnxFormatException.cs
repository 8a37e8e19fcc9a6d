namespace Depthwise.Onnx.Import;

/// <summary>
/// The bytes are not a well-formed ONNX model: truncated or corrupt protobuf, a tensor whose declared size does not match
/// its data, external data outside the model's folder or past the end of its file. The message names the field.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public OnnxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
