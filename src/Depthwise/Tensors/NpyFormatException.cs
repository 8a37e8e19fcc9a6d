namespace Depthwise.Tensors;

/// <summary>
/// Thrown by <see cref="NpyFile"/> when a stream is not a <c>.npy</c> file this library can read: bad magic,
/// unsupported version or dtype, Fortran order, a malformed header dictionary, an invalid shape, or fewer data
/// bytes than the shape needs.
/// </summary>
/// <remarks>
/// <see cref="Field"/> names what was wrong (<c>magic</c>, <c>version</c>, <c>header_len</c>, <c>header</c>,
/// <c>descr</c>, <c>fortran_order</c>, <c>shape</c> or <c>data</c>) and <see cref="Offset"/> is the byte offset,
/// counted from the first byte of the <c>.npy</c> content, where the problem was found.
/// </remarks>
public sealed class NpyFormatException : FormatException
{
    /// <summary>Creates the exception for a problem in <paramref name="field"/> at byte <paramref name="offset"/>.</summary>
    /// <param name="field">The part of the file that is wrong.</param>
    /// <param name="offset">Byte offset from the start of the <c>.npy</c> content.</param>
    /// <param name="detail">What was found and what was expected.</param>
    public NpyFormatException(string field, long offset, string detail)
        : base($"invalid .npy {field} at byte {offset}: {detail}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>
    /// The part of the file that is wrong: <c>magic</c>, <c>version</c>, <c>header_len</c>, <c>header</c>,
    /// <c>descr</c>, <c>fortran_order</c>, <c>shape</c> or <c>data</c>.
    /// </summary>
    public string Field { get; }

    /// <summary>Byte offset, from the first byte of the <c>.npy</c> content, where the problem was found.</summary>
    public long Offset { get; }
}
