using Depthwise.Onnx.Protos;
using Google.Protobuf;

namespace Depthwise.Benchmarks.Fuzz;

/// <summary>
/// Damages a serialized model the ways real files get damaged or crafted: cut short, bits flipped, byte runs
/// overwritten, and — after parsing — dimensions, attributes and graph structure set to absurd or inconsistent values.
/// </summary>
internal static class ModelMutator
{
    private static readonly long[] AbsurdNumbers =
        [-1, 0, 1, 2, 3, 1000, 65536, 65537, int.MaxValue, (long)int.MaxValue + 1, 1L << 40, long.MaxValue, long.MinValue];

    /// <summary>One mutation of <paramref name="bytes"/>, described in words for the failure report.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] bytes, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                var length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length} bytes");
            case 1:
                var flipped = (byte[])bytes.Clone();
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (flipped, $"{flips} bit flips");
            case 2:
                var overwritten = (byte[])bytes.Clone();
                var start = random.Next(overwritten.Length);
                var run = Math.Min(random.Next(1, 17), overwritten.Length - start);
                var fill = random.Next(3) switch { 0 => (byte)0x00, 1 => (byte)0xFF, _ => (byte)random.Next(256) };
                overwritten.AsSpan(start, run).Fill(fill);
                return (overwritten, $"{run} bytes at {start} set to 0x{fill:X2}");
            default:
                return MutateStructure(bytes, random);
        }
    }

    private static (byte[] Bytes, string Description) MutateStructure(byte[] bytes, Random random)
    {
        var model = ModelProto.Parser.ParseFrom(bytes);
        var graph = model.Graph;
        var absurd = AbsurdNumbers[random.Next(AbsurdNumbers.Length)];
        string description;
        switch (random.Next(6))
        {
            case 0 when graph.Initializer.Count > 0:
                var tensor = graph.Initializer[random.Next(graph.Initializer.Count)];
                if (tensor.Dims.Count == 0)
                {
                    tensor.Dims.Add(absurd);
                }
                else
                {
                    tensor.Dims[random.Next(tensor.Dims.Count)] = absurd;
                }

                description = $"initializer '{tensor.Name}' dim set to {absurd}";
                break;
            case 1 when graph.Node.Any(node => node.Attribute.Count > 0):
                var withAttributes = graph.Node.Where(node => node.Attribute.Count > 0).ToArray();
                var node = withAttributes[random.Next(withAttributes.Length)];
                var attribute = node.Attribute[random.Next(node.Attribute.Count)];
                attribute.I = absurd;
                attribute.F = (float)absurd;
                if (attribute.Ints.Count > 0)
                {
                    attribute.Ints[random.Next(attribute.Ints.Count)] = absurd;
                }

                description = $"attribute '{attribute.Name}' of {node.OpType} '{node.Name}' set to {absurd}";
                break;
            case 2 when graph.Input.Count > 0 && graph.Input[0].Type?.TensorType?.Shape is { Dim.Count: > 0 } shape:
                var axis = random.Next(shape.Dim.Count);
                shape.Dim[axis].DimValue = absurd;
                description = $"graph input dim {axis} set to {absurd}";
                break;
            case 3 when graph.Node.Count > 1:
                var removed = random.Next(graph.Node.Count);
                description = $"node {removed} ({graph.Node[removed].OpType}) removed";
                graph.Node.RemoveAt(removed);
                break;
            case 4 when graph.Node.Count > 1:
                var first = random.Next(graph.Node.Count);
                var second = random.Next(graph.Node.Count);
                (graph.Node[first], graph.Node[second]) = (graph.Node[second], graph.Node[first]);
                description = $"nodes {first} and {second} swapped";
                break;
            default:
                var target = graph.Node[random.Next(graph.Node.Count)];
                if (target.Input.Count > 0)
                {
                    var slot = random.Next(target.Input.Count);
                    var source = graph.Node[random.Next(graph.Node.Count)];
                    target.Input[slot] = source.Output.Count > 0 ? source.Output[0] : "missing";
                }

                description = $"an input of {target.OpType} '{target.Name}' rewired";
                break;
        }

        return (model.ToByteArray(), description);
    }
}
