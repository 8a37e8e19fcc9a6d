using System.Buffers.Binary;
using Depthwise.Data;
using static Depthwise.Tests.Data.IdxTestFiles;

namespace Depthwise.Tests.Data;

public class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsUnsignedBytesPlainAndGzipped(bool gzipped)
    {
        byte[] pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
        var content = Concat(Header(0x08, 2, 2, 3), pixels);
        var path = WriteTemporary(gzipped ? Gzip(content) : content, "images-idx3-ubyte" + (gzipped ? ".gz" : string.Empty));

        var idx = IdxFile.Read(path);

        Assert.Equal(IdxElementType.UnsignedByte, idx.ElementType);
        Assert.Equal([2, 2, 3], idx.Dimensions);
        Assert.Equal(12, idx.Count);
        Assert.Equal(pixels, idx.Data);
        Assert.Equal(255.0, idx.GetDouble(11));
    }

    [Fact]
    public void DecodesEveryElementTypeBigEndian()
    {
        var int16 = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(int16, -300);
        BinaryPrimitives.WriteInt16BigEndian(int16.AsSpan(2), 7);
        var int32 = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(int32, -70000);
        var single = new byte[4];
        BinaryPrimitives.WriteSingleBigEndian(single, 1.5f);
        var @double = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(@double, -2.25);

        Assert.Equal(-3.0, Read(Concat(Header(0x09, 1), [0xFD])).GetDouble(0));
        Assert.Equal(-300.0, Read(Concat(Header(0x0B, 2), int16)).GetDouble(0));
        Assert.Equal(7.0, Read(Concat(Header(0x0B, 2), int16)).GetDouble(1));
        Assert.Equal(-70000.0, Read(Concat(Header(0x0C, 1), int32)).GetDouble(0));
        Assert.Equal(1.5, Read(Concat(Header(0x0D, 1), single)).GetDouble(0));
        Assert.Equal(-2.25, Read(Concat(Header(0x0E, 1), @double)).GetDouble(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(11)]
    public void TruncatedHeadersAreFormatErrors(int length)
    {
        var content = Concat(Header(0x08, 2, 2, 3), new byte[12]);

        var error = Assert.Throws<IdxFormatException>(() => Read(content[..length]));

        Assert.Contains(error.Field, new[] { "magic", "dimension" });
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 0 }, "magic")]
    [InlineData(new byte[] { 0, 0, 7, 1, 0, 0, 0, 1, 0 }, "type")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0x80, 0, 0, 0 }, "dimension")]
    public void MalformedHeadersNameTheField(byte[] content, string field)
    {
        var error = Assert.Throws<IdxFormatException>(() => Read(content));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void DataThatDoesNotMatchTheDimensionsIsRejected(int dataBytes)
    {
        var content = Concat(Header(0x08, 2, 2, 3), new byte[dataBytes]);

        Assert.Equal("data", Assert.Throws<IdxFormatException>(() => Read(content)).Field);
        var gzipPath = WriteTemporary(Gzip(content), "short.gz");
        Assert.Equal("data", Assert.Throws<IdxFormatException>(() => IdxFile.Read(gzipPath)).Field);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHeaderThatClaimsHugeDataAllocatesNothingLarge(bool gzipped)
    {
        // 100000 × 100000 × 100000 bytes: far past any cap; then 100000 × 100000 (10 GB, over the 1 GiB default);
        // then 20000 × 20000 (400 MB, under the cap) with 10 bytes present.
        byte[][] contents =
        [
            Concat(Header(0x08, 100_000, 100_000, 100_000), new byte[10]),
            Concat(Header(0x0E, 100_000, 100_000), new byte[10]),
            Concat(Header(0x08, 20_000, 20_000), new byte[10]),
        ];
        foreach (var content in contents)
        {
            var path = WriteTemporary(gzipped ? Gzip(content) : content, "huge");
            var before = GC.GetAllocatedBytesForCurrentThread();

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains(error.Field, new[] { "dimensions", "data" });
            Assert.True(allocated < 16 << 20, $"reading a lying header allocated {allocated} bytes");
        }
    }

    [Fact]
    public void TheCapIsTheCallers()
    {
        var content = Concat(Header(0x08, 4, 4), new byte[16]);

        Assert.Equal("dimensions", Assert.Throws<IdxFormatException>(() => IdxFile.Read(new MemoryStream(content), maximumDataBytes: 15)).Field);
        Assert.Equal(16, IdxFile.Read(new MemoryStream(content), maximumDataBytes: 16).Count);
    }

    private static IdxData Read(byte[] content) => IdxFile.Read(new MemoryStream(content));
}
