namespace Depthwise.Data;

/// <summary>
/// Thrown by <see cref="IdxFile"/> when content is not an IDX file it can read: a bad magic number, an unknown
/// element type, a dimension count or size out of range, or data bytes that do not match the dimensions.
/// </summary>
/// <remarks>
/// <see cref="Field"/> names what was wrong (<c>magic</c>, <c>type</c>, <c>dimensions</c>, <c>dimension</c> or
/// <c>data</c>) and <see cref="Offset"/> is the byte offset, counted from the first byte of the (decompressed) IDX
/// content, where the problem was found.
/// </remarks>
public sealed class IdxFormatException : FormatException
{
    /// <summary>Creates the exception for a problem in <paramref name="field"/> at byte <paramref name="offset"/>.</summary>
    /// <param name="field">The part of the file that is wrong.</param>
    /// <param name="offset">Byte offset from the start of the IDX content.</param>
    /// <param name="detail">What was found and what was expected.</param>
    public IdxFormatException(string field, long offset, string detail)
        : base($"invalid IDX {field} at byte {offset}: {detail}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The part of the file that is wrong: <c>magic</c>, <c>type</c>, <c>dimensions</c>, <c>dimension</c> or <c>data</c>.</summary>
    public string Field { get; }

    /// <summary>Byte offset, from the first byte of the IDX content, where the problem was found.</summary>
    public long Offset { get; }
}
