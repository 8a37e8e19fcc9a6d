namespace Depthwise.Onnx.Import;

/// <summary>
/// A well-formed model we cannot run, or a run we cannot do: an unsupported operator, domain or opset, a graph that
/// references a missing value, an attribute out of range, or inputs of the wrong name, rank, shape or element type.
/// The message names the node (op type and name) and the field.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
