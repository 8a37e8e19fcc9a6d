namespace Depthwise.Tensors;

/// <summary>
/// Thrown by <see cref="SafetensorsFile"/> when a file is not a safetensors file this library can read: too short, a
/// header length beyond the file or the cap, a header that is not the expected JSON, a dtype other than F32, a shape
/// whose size disagrees with its byte range, or byte ranges that leave the data, overlap or leave holes.
/// </summary>
/// <remarks>
/// <see cref="Field"/> names what was wrong (<c>header_length</c>, <c>header</c>, <c>__metadata__</c>, <c>dtype</c>,
/// <c>shape</c>, <c>data_offsets</c> or <c>data</c>) and <see cref="Tensor"/> the tensor it belongs to, when it belongs to one.
/// </remarks>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tensor">The tensor's name, or null for a problem of the file as a whole.</param>
    /// <param name="field">The part of the file that is wrong.</param>
    /// <param name="detail">What was found and what was expected.</param>
    public SafetensorsFormatException(string? tensor, string field, string detail)
        : base(tensor is null ? $"invalid safetensors {field}: {detail}" : $"invalid safetensors {field} of tensor '{tensor}': {detail}")
    {
        Tensor = tensor;
        Field = field;
    }

    /// <summary>The tensor the problem belongs to, or null.</summary>
    public string? Tensor { get; }

    /// <summary>
    /// The part of the file that is wrong: <c>header_length</c>, <c>header</c>, <c>__metadata__</c>, <c>dtype</c>,
    /// <c>shape</c>, <c>data_offsets</c> or <c>data</c>.
    /// </summary>
    public string Field { get; }
}
