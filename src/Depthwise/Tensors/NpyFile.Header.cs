using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Depthwise.Tensors;

// The writing side of the header: the Python dictionary literal that describes the array, padded to align the data.
// NpyHeaderParser is the reading side.
public static partial class NpyFile
{
    // NumPy aligns the data to 64 bytes so it can be memory-mapped and read with aligned vector loads.
    private const int DataAlignment = 64;

    // shape → magic, version, header length and the padded header, ready to precede the data.
    private static byte[] FormatPreamble(ReadOnlySpan<int> shape)
    {
        var dimensions = new StringBuilder("(");
        for (var i = 0; i < shape.Length; i++)
        {
            dimensions.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            // Python's tuple syntax: (), (5,), (2, 3).
            dimensions.Append(shape.Length == 1 ? "," : i < shape.Length - 1 ? ", " : string.Empty);
        }

        dimensions.Append(')');
        var dictionary = $"{{'descr': '{NpyHeaderParser.SupportedDescr}', 'fortran_order': False, 'shape': {dimensions}, }}";
        foreach (var (major, lengthSize, limit) in new[] { (1, 2, (long)ushort.MaxValue), (2, 4, MaximumHeaderLength) })
        {
            var unpadded = Magic.Length + 2 + lengthSize + dictionary.Length + 1;
            var padding = (DataAlignment - (unpadded % DataAlignment)) % DataAlignment;
            var headerLength = dictionary.Length + padding + 1;
            if (headerLength > limit)
            {
                continue;
            }

            var preamble = new byte[unpadded + padding];
            Magic.CopyTo(preamble);
            preamble[6] = (byte)major;
            preamble[7] = 0;
            if (lengthSize == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8), (ushort)headerLength);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(8), (uint)headerLength);
            }

            var headerStart = 8 + lengthSize;
            Encoding.ASCII.GetBytes(dictionary, preamble.AsSpan(headerStart));
            preamble.AsSpan(headerStart + dictionary.Length, padding).Fill((byte)' ');
            preamble[^1] = (byte)'\n';
            return preamble;
        }

        throw new ArgumentException(
            $"a rank-{shape.Length} tensor needs a .npy header longer than the {MaximumHeaderLength}-byte limit this library reads back.",
            "tensor");
    }
}
