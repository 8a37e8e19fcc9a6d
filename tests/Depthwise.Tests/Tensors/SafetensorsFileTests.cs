using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Depthwise.Tensors;

namespace Depthwise.Tests.Tensors;

public sealed class SafetensorsFileTests
{
    [Fact]
    public void Written_file_follows_the_spec_byte_for_byte()
    {
        var weight = Tensor.FromSpan([1f, -2f, 3.5f, 0.25f, 5f, 6f], [2, 3]);
        var bias = Tensor.FromSpan([7f], [1]);
        var stream = new MemoryStream();
        SafetensorsFile.Write(stream, [new("layer.weight", weight), new("layer.bias", bias)], new Dictionary<string, string> { ["model"] = "tiny" });
        var bytes = stream.ToArray();

        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        var root = header.RootElement;
        Assert.Equal("tiny", root.GetProperty("__metadata__").GetProperty("model").GetString());
        Assert.Equal("F32", root.GetProperty("layer.weight").GetProperty("dtype").GetString());
        Assert.Equal([2, 3], root.GetProperty("layer.weight").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 24L], root.GetProperty("layer.weight").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([24L, 28L], root.GetProperty("layer.bias").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(8 + headerLength + 28, bytes.Length);
        float[] expected = [1f, -2f, 3.5f, 0.25f, 5f, 6f, 7f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + (4 * i))));
        }
    }

    [Fact]
    public void A_hand_made_file_with_data_out_of_header_order_is_read()
    {
        // Header order differs from data order; header padded with spaces; a scalar (shape []).
        var bytes = Build(
            """{"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"__metadata__":{"format":"pt"}}    """,
            [9f, 1f, 2f]);
        var content = SafetensorsFile.Read(new MemoryStream(bytes));
        Assert.Equal(["a", "b"], content.Tensors.Select(t => t.Key));
        Assert.Equal([9f], content.Tensors[0].Value.Span.ToArray());
        Assert.Equal([2], content.Tensors[1].Value.ShapeArray());
        Assert.Equal([1f, 2f], content.Tensors[1].Value.Span.ToArray());
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void Round_trip_through_a_file_keeps_names_shapes_values_and_metadata()
    {
        var random = new Random(3);
        var tensors = new List<KeyValuePair<string, Tensor>>
        {
            new("conv.weight", Random(random, [4, 1, 3, 3])),
            new("bn.running_var", Random(random, [4])),
            new("fc.weight", Random(random, [10, 17])),
        };
        var path = Path.Combine(Path.GetTempPath(), $"depthwise-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["epoch"] = "3" });
            SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["epoch"] = "4" });
            var content = SafetensorsFile.Read(path);
            Assert.Equal("4", content.Metadata["epoch"]);
            Assert.Equal(tensors.Select(t => t.Key), content.Tensors.Select(t => t.Key));
            for (var i = 0; i < tensors.Count; i++)
            {
                Assert.Equal(tensors[i].Value.ShapeArray(), content.Tensors[i].Value.ShapeArray());
                Assert.Equal(tensors[i].Value.Span.ToArray(), content.Tensors[i].Value.Span.ToArray());
            }

            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string, string?> Malformed => new()
    {
        { """{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}}""", "dtype", "x" },
        { """{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "shape", "x" },
        { """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", "data_offsets", "x" },
        { """{"x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "data_offsets", "x" },
        { """{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "data_offsets", "y" },
        { """{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "data_offsets", "x" },
        { """{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "data", "x" },
        { """{"x":{"dtype":"F32","shape":[2]}}""", "data_offsets", "x" },
        { """{"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "shape", "x" },
        { """{"x":{"dtype":"F32","shape":[0],"data_offsets":[0,8]}}""", "shape", "x" },
        { """{"x":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}""", "shape", "x" },
        { """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}""", "header", "x" },
        { """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "header", "x" },
        { """{"__metadata__":{"a":1},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__", null },
        { """[1,2]""", "header", null },
        { """{"x":""", "header", null },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_headers_name_the_tensor_and_field(string header, string field, string? tensor)
    {
        var exception = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(Build(header, [1f, 2f]))));
        Assert.Equal(field, exception.Field);
        Assert.Equal(tensor, exception.Tensor);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(100UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    public void Header_length_beyond_the_file_is_rejected_without_allocating_it(ulong headerLength)
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        var exception = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(bytes)));
        Assert.Equal(headerLength == 0 ? "header" : "header_length", exception.Field);
        Assert.Equal("header_length", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(new byte[5]))).Field);
    }

    [Fact]
    public void Every_truncation_and_random_byte_flips_give_a_format_exception_or_a_valid_read()
    {
        var random = new Random(11);
        var stream = new MemoryStream();
        SafetensorsFile.Write(stream, [new("a", Random(random, [3, 2])), new("b.c", Random(random, [5]))], new Dictionary<string, string> { ["k"] = "v" });
        var good = stream.ToArray();
        for (var length = 0; length < good.Length; length++)
        {
            Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(good[..length])));
        }

        for (var trial = 0; trial < 2000; trial++)
        {
            var bytes = (byte[])good.Clone();
            var flips = 1 + random.Next(3);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                var content = SafetensorsFile.Read(new MemoryStream(bytes));
                Assert.True(content.Tensors.Sum(t => (long)t.Value.Length * 4) <= bytes.Length);
            }
            catch (SafetensorsFormatException)
            {
                // The expected outcome for most flips in the header.
            }
        }
    }

    private static Tensor Random(Random random, int[] shape)
    {
        var tensor = new Tensor(shape);
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor.Span[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return tensor;
    }

    // An independent writer: the header text as given, the values little-endian after it.
    private static byte[] Build(string header, float[] values)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + (4 * values.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + json.Length + (4 * i)), values[i]);
        }

        return bytes;
    }
}
