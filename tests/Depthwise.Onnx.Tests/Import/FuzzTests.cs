using Depthwise.Onnx.Import;
using Depthwise.Onnx.Protos;
using Google.Protobuf;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>
/// Mutated models (truncated, bit-flipped, dims and attributes set to absurd values) load and run into our documented
/// exceptions or succeed — never anything else, never a hang or a huge allocation.
/// </summary>
public sealed class FuzzTests
{
    private static ModelProto Seed() => new ModelBuilder(13).Input("x", 1, 4, 9, 8)
        .Initializer("W", [.. Enumerable.Range(0, 36).Select(i => (i % 7) * 0.1f)], 4, 1, 3, 3)
        .Initializer("B", [0.1f, 0.2f, 0.3f, 0.4f], 4)
        .Initializer("W2", [.. Enumerable.Range(0, 24).Select(i => (i % 5) * 0.1f)], 6, 4, 1, 1)
        .Int64Initializer("shape", [0, -1], 2).Initializer("scales", [1f, 1f, 2f, 2f], 4)
        .Node("Conv", ["x", "W", "B"], ["c"], Attr.Int("group", 4), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 1))
        .Node("Relu", ["c"], ["r"])
        .Node("Conv", ["r", "W2"], ["p"])
        .Node("Resize", ["p", "", "scales"], ["u"], Attr.String("mode", "nearest"))
        .Node("GlobalAveragePool", ["u"], ["g"])
        .Node("Reshape", ["g", "shape"], ["f"])
        .Node("Softmax", ["f"], ["y"], Attr.Int("axis", 1))
        .Output("y").Model();

    private static readonly Dictionary<string, DwTensor> Input = new() { ["x"] = new DwTensor([.. Enumerable.Range(0, 288).Select(i => (i % 11) * 0.1f)], [1, 4, 9, 8]) };

    private static void LoadAndRun(byte[] bytes)
    {
        try
        {
            OnnxModel.Load(bytes).Run(Input);
        }
        catch (OnnxFormatException)
        {
        }
        catch (OnnxModelException)
        {
        }
    }

    [Fact]
    public void Seed_model_runs() => Assert.Single(OnnxModel.Load(Seed().ToByteArray()).Run(Input));

    [Fact]
    public void Truncations_are_handled()
    {
        var bytes = Seed().ToByteArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            LoadAndRun(bytes[..length]);
        }
    }

    [Fact]
    public void Byte_flips_are_handled()
    {
        var bytes = Seed().ToByteArray();
        var random = new Random(12345);
        for (var trial = 0; trial < 3000; trial++)
        {
            var mutated = (byte[])bytes.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            }

            LoadAndRun(mutated);
        }
    }

    [Fact]
    public void Absurd_dims_and_attributes_are_handled()
    {
        long[] absurd = [-1, 0, 1, 2, 3, 1000, 65536, 65537, int.MaxValue, (long)int.MaxValue + 1, 1L << 40, long.MaxValue, long.MinValue];
        var random = new Random(7);
        for (var trial = 0; trial < 1500; trial++)
        {
            var model = Seed();
            switch (random.Next(3))
            {
                case 0:
                    var tensor = model.Graph.Initializer[random.Next(model.Graph.Initializer.Count)];
                    tensor.Dims[random.Next(tensor.Dims.Count)] = absurd[random.Next(absurd.Length)];
                    break;
                case 1:
                    var node = model.Graph.Node[random.Next(model.Graph.Node.Count)];
                    if (node.Attribute.Count > 0)
                    {
                        var attribute = node.Attribute[random.Next(node.Attribute.Count)];
                        attribute.I = absurd[random.Next(absurd.Length)];
                        if (attribute.Ints.Count > 0)
                        {
                            attribute.Ints[random.Next(attribute.Ints.Count)] = absurd[random.Next(absurd.Length)];
                        }
                    }

                    break;
                default:
                    var shape = model.Graph.Input[0].Type.TensorType.Shape;
                    shape.Dim[random.Next(shape.Dim.Count)].DimValue = absurd[random.Next(absurd.Length)];
                    break;
            }

            LoadAndRun(model.ToByteArray());
        }
    }
}
