using System.Buffers.Binary;

namespace Depthwise.Data;

/// <summary>The content of an IDX file: element type, dimensions, and the data bytes exactly as stored (big-endian).</summary>
public sealed class IdxData
{
    /// <summary>Creates IDX content from its parts.</summary>
    /// <param name="elementType">The element type.</param>
    /// <param name="dimensions">The dimensions, outermost first.</param>
    /// <param name="data">The elements in C order, each big-endian; its length must be the product of the dimensions times the element size.</param>
    /// <exception cref="ArgumentException">The data length does not match the dimensions, or a dimension is negative.</exception>
    public IdxData(IdxElementType elementType, IReadOnlyList<int> dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        ElementSize = IdxFile.ElementSize(elementType);
        long count = 1;
        foreach (var dimension in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(dimensions));
            count = checked(count * dimension);
        }

        if (checked(count * ElementSize) != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} bytes; dimensions ({string.Join(", ", dimensions)}) of {elementType} need {count * ElementSize}.", nameof(data));
        }

        ElementType = elementType;
        Dimensions = [.. dimensions];
        Data = data;
        Count = count;
    }

    /// <summary>The element type.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>Bytes per element: 1, 2, 4 or 8.</summary>
    public int ElementSize { get; }

    /// <summary>The dimensions, outermost first (for Fashion-MNIST images: count, rows, columns).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Number of elements: the product of <see cref="Dimensions"/>.</summary>
    public long Count { get; }

    /// <summary>The elements in C order, each stored big-endian as in the file.</summary>
    public byte[] Data { get; }

    /// <summary>Element <paramref name="index"/> (in C order) as a double, whatever the element type.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the data.</exception>
    public double GetDouble(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var bytes = Data.AsSpan((int)(index * ElementSize), ElementSize);
        return ElementType switch
        {
            IdxElementType.UnsignedByte => bytes[0],
            IdxElementType.SignedByte => (sbyte)bytes[0],
            IdxElementType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes),
            IdxElementType.Int32 => BinaryPrimitives.ReadInt32BigEndian(bytes),
            IdxElementType.Single => BinaryPrimitives.ReadSingleBigEndian(bytes),
            _ => BinaryPrimitives.ReadDoubleBigEndian(bytes),
        };
    }
}
