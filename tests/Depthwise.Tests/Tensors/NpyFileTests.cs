using System.Text;
using Depthwise.Tensors;

namespace Depthwise.Tests.Tensors;

public class NpyFileTests
{
    // The shape (2, 3) header NumPy writes, padded so magic + version + length + header = 64 bytes.
    private const string NumpyHeader2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

    // IEEE 754 single-precision bit patterns, little-endian, written from the standard rather than by BitConverter:
    // 1.0 = 0x3F800000, -2.5 = 0xC0200000, 0.5 = 0x3F000000, 0.0, 3.0 = 0x40400000, -0.0 = 0x80000000.
    private static readonly byte[] Data2x3 =
    [
        0x00, 0x00, 0x80, 0x3F,
        0x00, 0x00, 0x20, 0xC0,
        0x00, 0x00, 0x00, 0x3F,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x40, 0x40,
        0x00, 0x00, 0x00, 0x80,
    ];

    private static readonly float[] Values2x3 = [1f, -2.5f, 0.5f, 0f, 3f, -0f];

    public static TheoryData<int[]> Shapes => new()
    {
        Array.Empty<int>(),
        new[] { 5 },
        new[] { 1 },
        new[] { 2, 3 },
        new[] { 3, 1, 7 },
        new[] { 2, 3, 4, 5 },
        new[] { 1, 2, 1, 3, 2 },
        new[] { 70000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void WriteThenReadReturnsTheSameShapeAndBits(int[] shape)
    {
        var random = new Random(shape.Length * 31 + shape.Sum());
        var length = shape.Aggregate(1, (product, dimension) => product * dimension);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        }

        values[0] = float.NaN;
        var tensor = new Tensor(values, shape);
        using var stream = new MemoryStream();
        NpyFile.Write(stream, tensor);

        var bytes = stream.ToArray();
        var headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(1, bytes[6]);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal('\n', (char)bytes[10 + headerLength - 1]);
        Assert.Equal(10 + headerLength + (4 * length), bytes.Length);

        stream.Position = 0;
        var read = NpyFile.Read(stream, TensorLayout.Nhwc);
        Assert.Equal(shape, read.ShapeArray());
        Assert.Equal(TensorLayout.Nhwc, read.Layout);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void WriteProducesTheBytesNumpySaveWrites()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new Tensor(Values2x3, [2, 3]));
        Assert.Equal(HandBuiltFile2x3(), stream.ToArray());
    }

    [Fact]
    public void AHandBuiltFileParsesToItsValues()
    {
        var tensor = NpyFile.Read(new MemoryStream(HandBuiltFile2x3()));
        Assert.Equal([2, 3], tensor.ShapeArray());
        Assert.Equal(Values2x3, tensor.Span.ToArray());
        Assert.True(float.IsNegative(tensor[1, 2]));
    }

    [Theory]
    // Versions 2.0 and 3.0 (4-byte length), keys in any order, double quotes, extra whitespace, no trailing comma,
    // padding that is not 64-aligned, Python 2 long suffixes.
    [InlineData(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData(1, "{\"shape\":(2,3),\"fortran_order\":False,\"descr\":\"<f4\"}")]
    [InlineData(1, "  {  'fortran_order' :\tFalse ,\n 'shape' : ( 2 , 3 , ) , 'descr' : '<f4' }   \n")]
    [InlineData(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L)}\n")]
    [InlineData(1, "{\"descr\": \"<f4\", 'fortran_order': False, 'shape': (2, 3)}")]
    public void AcceptsEveryHeaderSpellingNumpyCanRead(int major, string header)
    {
        var tensor = NpyFile.Read(new MemoryStream(Build((byte)major, header, Data2x3)));
        Assert.Equal([2, 3], tensor.ShapeArray());
        Assert.Equal(Values2x3, tensor.Span.ToArray());
    }

    [Theory]
    [InlineData("()", new int[0])]
    [InlineData("(5,)", new[] { 5 })]
    [InlineData("( 5 , )", new[] { 5 })]
    [InlineData("(1, 1, 1, 1, 1, 1)", new[] { 1, 1, 1, 1, 1, 1 })]
    public void ParsesScalarAndOneDimensionalShapes(string shape, int[] expected)
    {
        var count = expected.Aggregate(1, (product, dimension) => product * dimension);
        var data = new byte[4 * count];
        var bytes = Build(1, $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", data);
        Assert.Equal(expected, NpyFile.Read(new MemoryStream(bytes)).ShapeArray());
    }

    [Fact]
    public void ReadsFromStreamsThatCannotSeek()
    {
        var tensor = NpyFile.Read(new ForwardOnlyStream(HandBuiltFile2x3()));
        Assert.Equal(Values2x3, tensor.Span.ToArray());
    }

    [Fact]
    public void LeavesTheStreamAfterTheArraySoArraysCanFollowEachOther()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new Tensor(Values2x3, [2, 3]));
        NpyFile.Write(stream, new Tensor([7f], [1]));
        stream.Position = 0;
        Assert.Equal(Values2x3, NpyFile.Read(stream).Span.ToArray());
        Assert.Equal([7f], NpyFile.Read(stream).Span.ToArray());
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void ReadsAndWritesFiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"depthwise-npy-{Guid.NewGuid():N}.npy");
        try
        {
            var tensor = new Tensor(Values2x3, [1, 2, 3, 1], TensorLayout.Nhwc);
            NpyFile.Write(path, tensor);
            Assert.Equal(HandBuiltFile2x3().Length, new FileInfo(path).Length);
            var read = NpyFile.Read(path, TensorLayout.Nhwc);
            // Stored (N, H, W, C) = (1, 2, 3, 1).
            Assert.Equal((1, 1, 2, 3), (read.Batch, read.Channels, read.Height, read.Width));
            Assert.Equal(Values2x3, read.Span.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AHugeRankFallsBackToVersion2()
    {
        // 25,000 dimensions of 1 need a header longer than version 1's 65,535-byte limit.
        var shape = Enumerable.Repeat(1, 25_000).ToArray();
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new Tensor([4f], shape));
        var bytes = stream.ToArray();
        Assert.Equal(2, bytes[6]);
        var headerLength = BitConverter.ToInt32(bytes, 8);
        Assert.True(headerLength > ushort.MaxValue);
        Assert.Equal(0, (12 + headerLength) % 64);
        stream.Position = 0;
        var read = NpyFile.Read(stream);
        Assert.Equal(shape, read.ShapeArray());
        Assert.Equal(4f, read.Span[0]);
    }

    [Theory]
    [InlineData("'<f8'", "<f8")]
    [InlineData("'<i4'", "<i4")]
    [InlineData("'>f4'", ">f4")]
    [InlineData("'|u1'", "|u1")]
    [InlineData("\"<f2\"", "<f2")]
    public void RejectsEveryDtypeButLittleEndianFloat32(string descr, string named)
    {
        var error = ReadError(Build(1, $"{{'descr': {descr}, 'fortran_order': False, 'shape': (2, 3), }}", Data2x3));
        Assert.Equal("descr", error.Field);
        Assert.Contains($"'{named}'", error.Message);
        Assert.Contains("only '<f4'", error.Message);
        Assert.Equal(10 + 10, error.Offset);
    }

    [Theory]
    // header text → the field the error must name
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': f4, 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    // Python keeps the backslash of an unknown escape: this dtype is the four characters \<f4.
    [InlineData("{'descr': '\\<f4', 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': '<f4\\'', 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': Falsey, 'shape': (2, 3), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 1), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "shape")]
    [InlineData("{'shape': (2, 3), 'fortran_order': False}", "descr")]
    [InlineData("{'descr': '<f4', 'shape': (2, 3)}", "fortran_order")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "header")]
    [InlineData("hello", "header")]
    [InlineData("", "header")]
    [InlineData("{'descr' '<f4'}", "header")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} trailing", "header")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}", "header")]
    [InlineData("{descr: '<f4'}", "header")]
    [InlineData("{'descr: '<f4'}", "header")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", "header")]
    [InlineData("{{{{{{{{", "header")]
    public void MalformedHeadersNameTheField(string header, string field)
    {
        var error = ReadError(Build(1, header, Data2x3));
        Assert.Equal(field, error.Field);
        Assert.Contains($"invalid .npy {field} at byte", error.Message);
        Assert.InRange(error.Offset, 10, 10 + 128);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(3, "magic")]
    [InlineData(7, "version")]
    [InlineData(9, "header_len")]
    [InlineData(40, "header")]
    [InlineData(128, "data")]
    [InlineData(128 + 23, "data")]
    public void TruncatedFilesNameWhereTheyEnd(int length, string field)
    {
        var bytes = HandBuiltFile2x3()[..length];
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new ForwardOnlyStream(bytes) })
        {
            var error = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream));
            Assert.Equal(field, error.Field);
        }
    }

    [Fact]
    public void TruncatedDataNamesExpectedAndAvailableBytes()
    {
        var bytes = HandBuiltFile2x3()[..(128 + 10)];
        var seekable = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("needs 24 bytes", seekable.Message);
        Assert.Contains("only 10 bytes remain", seekable.Message);
        Assert.Equal(128, seekable.Offset);

        var forwardOnly = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new ForwardOnlyStream(bytes)));
        Assert.Contains("needs 24 bytes", forwardOnly.Message);
        Assert.Contains("ended after 10", forwardOnly.Message);
        Assert.Equal(138, forwardOnly.Offset);
    }

    [Theory]
    [InlineData(0x94, 1, 0, "magic", 0)]
    [InlineData(0x93, 1, 1, "version", 6)]
    [InlineData(0x93, 4, 0, "version", 6)]
    [InlineData(0x93, 0, 0, "version", 6)]
    public void BadMagicOrVersionIsRejected(int firstByte, int major, int minor, string field, long offset)
    {
        var bytes = HandBuiltFile2x3();
        bytes[0] = (byte)firstByte;
        bytes[6] = (byte)major;
        bytes[7] = (byte)minor;
        var error = ReadError(bytes);
        Assert.Equal(field, error.Field);
        Assert.Equal(offset, error.Offset);
        if (field == "version")
        {
            Assert.Contains($"version {major}.{minor}", error.Message);
        }
    }

    [Fact]
    public void AnAbsurdHeaderLengthIsRejectedBeforeReadingIt()
    {
        byte[] bytes = [0x93, .. "NUMPY"u8, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, .. "{}"u8];
        var error = ReadError(bytes);
        Assert.Equal("header_len", error.Field);
        Assert.Contains(uint.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void AHeaderClaimingHugeDataAllocatesNothingBigBeforeFailing()
    {
        // 10^9 elements (4 GB) fit a tensor's limit, so only the byte check stands between the header and the allocation.
        var bytes = Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000), }", Data2x3);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var seekable = ReadError(bytes);
        var afterSeekable = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("data", seekable.Field);
        Assert.Contains("needs 4000000000 bytes", seekable.Message);
        Assert.True(afterSeekable - before < 1 << 20, $"allocated {afterSeekable - before} bytes");

        // A stream that cannot seek is read in growing chunks, so the waste is bounded by the first chunk.
        var forwardOnly = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new ForwardOnlyStream(bytes)));
        var afterForwardOnly = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("data", forwardOnly.Field);
        Assert.True(afterForwardOnly - afterSeekable < 8 << 20, $"allocated {afterForwardOnly - afterSeekable} bytes");
    }

    [Fact]
    public void MutatedFilesEitherParseOrThrowNpyFormatException()
    {
        var originals = new[]
        {
            HandBuiltFile2x3(),
            Build(2, "{\"shape\":(2,3),\"fortran_order\":False,\"descr\":\"<f4\"}", Data2x3),
            Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Data2x3[..4]),
            Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", Data2x3),
        };
        byte[] interesting = [0, 0xFF, 0x7F, 0x80, (byte)'(', (byte)')', (byte)',', (byte)'\'', (byte)'"', (byte)'-', (byte)'9', (byte)'{', (byte)'}', (byte)'\\', (byte)'\n', (byte)' '];
        var random = new Random(20240611);
        var outcomes = new int[2];
        for (var trial = 0; trial < 4000; trial++)
        {
            var original = originals[trial % originals.Length];
            var bytes = Mutate(original, random, interesting);
            Stream stream = trial % 5 == 0 ? new ForwardOnlyStream(bytes) : new MemoryStream(bytes);
            try
            {
                using var tensor = NpyFile.Read(stream);
                Assert.True(tensor.Length >= 1);
                outcomes[0]++;
            }
            catch (NpyFormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Field));
                Assert.InRange(error.Offset, 0, bytes.Length);
                outcomes[1]++;
            }
        }

        // Both outcomes must occur, or the mutations are not exercising the parser.
        Assert.True(outcomes[0] > 100 && outcomes[1] > 100, $"parsed {outcomes[0]}, rejected {outcomes[1]}");
    }

    private static byte[] Mutate(byte[] original, Random random, byte[] interesting)
    {
        var bytes = (byte[])original.Clone();
        // Most mutations target the 64-byte preamble and header, where the parser lives.
        int Position() => random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next(Math.Min(64, bytes.Length));
        switch (random.Next(5))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[Position()] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                bytes[Position()] = interesting[random.Next(interesting.Length)];
                return bytes;
            case 3:
                bytes[Position()] = (byte)random.Next(256);
                bytes[Position()] = (byte)random.Next(256);
                return bytes;
            default:
                var at = Position();
                return [.. bytes[..at], interesting[random.Next(interesting.Length)], .. bytes[at..]];
        }
    }

    private static NpyFormatException ReadError(byte[] bytes) =>
        Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream(bytes)));

    // The file numpy.save writes for np.array([[1, -2.5, 0.5], [0, 3, -0.0]], dtype='<f4'), byte by byte from the spec.
    private static byte[] HandBuiltFile2x3()
    {
        var file = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 0x01, 0x00 };
        // 10 bytes of preamble + 59 characters of dictionary + padding + '\n' = 128, the next multiple of 64.
        Assert.Equal(59, NumpyHeader2x3.Length);
        const int HeaderLength = 128 - 10;
        file.Add(HeaderLength);
        file.Add(0);
        file.AddRange(Encoding.ASCII.GetBytes(NumpyHeader2x3));
        file.AddRange(Enumerable.Repeat((byte)' ', HeaderLength - NumpyHeader2x3.Length - 1));
        file.Add((byte)'\n');
        file.AddRange(Data2x3);
        Assert.Equal(128 + 24, file.Count);
        return [.. file];
    }

    // A .npy file with the given version and header text used verbatim (no padding added), then the data.
    private static byte[] Build(byte major, string header, byte[] data)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var length = major == 1 ? new[] { (byte)text.Length, (byte)(text.Length >> 8) } : BitConverter.GetBytes(text.Length);
        return [0x93, .. "NUMPY"u8, major, 0, .. length, .. text, .. data];
    }

    // A stream that cannot seek or report its length, like a network or pipe stream.
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        // Short reads, as networks and pipes deliver them.
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, 7)]);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
