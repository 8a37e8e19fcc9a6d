using Depthwise.Onnx.Import.Operators;
using Depthwise.Onnx.Protos;
using Depthwise.Threading;
using Google.Protobuf;

namespace Depthwise.Onnx.Import;

/// <summary>
/// Turns model bytes into a plan: parses and checks the protobuf, decodes initializers and Constant nodes, orders the
/// nodes topologically, runs the graph passes and compiles every node. Everything that can be refused is refused here.
/// </summary>
internal sealed class GraphLoader
{
    public const int MinimumOpset = 9;
    public const int MaximumOpset = 21;

    private readonly string? _baseDirectory;
    private readonly OnnxModelOptions _options;

    private GraphLoader(string? baseDirectory, OnnxModelOptions options)
    {
        _baseDirectory = baseDirectory;
        _options = options;
    }

    public static ModelProto Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            // The parser checks every length prefix against the bytes present before reading, and limits nesting.
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new OnnxFormatException($"not a valid ONNX model (protobuf): {exception.Message}", exception);
        }
    }

    public static LoadedGraph Load(ModelProto model, string? baseDirectory, OnnxModelOptions options) =>
        new GraphLoader(baseDirectory, options).Build(model);

    private LoadedGraph Build(ModelProto model)
    {
        var opset = DefaultOpset(model);
        var graph = model.Graph ?? throw new OnnxFormatException("model has no graph (field ModelProto.graph).");
        var constants = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            constants[initializer.Name] = TensorDecoder.Decode(initializer, $"initializer '{initializer.Name}'", _baseDirectory);
        }

        if (graph.SparseInitializer.Count > 0)
        {
            throw new OnnxModelException("sparse initializers are not supported.");
        }

        var inputs = graph.Input.Where(i => !constants.ContainsKey(i.Name)).Select(Describe).ToList();
        var outputs = graph.Output.Select(Describe).ToList();
        if (outputs.Count == 0)
        {
            throw new OnnxFormatException("graph declares no outputs (field GraphProto.output).");
        }

        foreach (var group in inputs.Concat(outputs).GroupBy(v => v.Name).Where(g => g.Key.Length == 0 || g.Count(v => inputs.Contains(v)) > 1 || g.Count(v => outputs.Contains(v)) > 1))
        {
            throw new OnnxFormatException($"graph input/output name '{group.Key}' is empty or declared twice (fields GraphProto.input/output).");
        }

        var nodes = new List<NodeProto>();
        foreach (var node in Sort(graph, inputs, constants))
        {
            CheckSupported(node, opset);
            if (node.OpType == "Constant")
            {
                constants[node.Output.Single()] = ConstantValue(node, opset);
            }
            else
            {
                nodes.Add(node);
            }
        }

        var passes = new GraphPasses(nodes, constants, outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal), opset, _options.Threads);
        if (_options.Optimize)
        {
            passes.Run();
        }

        return Compile(passes, inputs, outputs, opset);
    }

    private static int DefaultOpset(ModelProto model)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new OnnxModelException("model imports no default-domain operator set (field ModelProto.opset_import).");
        if (entry.Version < MinimumOpset || entry.Version > MaximumOpset)
        {
            throw new OnnxModelException($"model uses default-domain opset {entry.Version}; supported opsets are {MinimumOpset} to {MaximumOpset}.");
        }

        return (int)entry.Version;
    }

    private static void CheckSupported(NodeProto node, int opset)
    {
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw new OnnxModelException($"node {node.OpType} '{node.Name}' is in domain '{node.Domain}'; only the default ONNX domain is supported.");
        }

        if (node.OpType != "Constant" && !OnnxOperators.IsSupported(node.OpType))
        {
            throw new OnnxModelException(
                $"node {node.OpType} '{node.Name}' (opset {opset}): operator {node.OpType} is not supported (supported: {string.Join(", ", OnnxOperators.Supported)}).");
        }
    }

    private OnnxValue ConstantValue(NodeProto node, int opset)
    {
        var context = new OnnxNode(node, opset, _ => null);
        var what = $"{context.Describe} attribute";
        if (context.Tensor("value") is { } tensor)
        {
            return TensorDecoder.Decode(tensor, $"{what} value", _baseDirectory);
        }

        if (context.Has("value_float"))
        {
            return OnnxValue.FromFloats([context.Float("value_float", 0)], []);
        }

        if (context.Floats("value_floats") is { } floats)
        {
            return OnnxValue.FromFloats(floats, [floats.Length]);
        }

        if (context.Has("value_int"))
        {
            return OnnxValue.Scalar(context.Int("value_int", 0));
        }

        if (context.Ints("value_ints") is { } ints)
        {
            return OnnxValue.Vector(ints);
        }

        throw context.Error("has none of the supported attributes value, value_float(s), value_int(s).");
    }

    // Kahn's algorithm over value names; ONNX requires sorted graphs but exporters do not always comply.
    private static List<NodeProto> Sort(GraphProto graph, List<OnnxValueInfo> inputs, Dictionary<string, OnnxValue> constants)
    {
        var available = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        available.UnionWith(inputs.Select(i => i.Name));
        available.UnionWith(constants.Keys);
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                if (!producers.TryAdd(output, node) || available.Contains(output))
                {
                    throw new OnnxModelException($"node {node.OpType} '{node.Name}': output '{output}' is produced twice (SSA violated).");
                }
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input.Where(i => !available.Contains(i) && !producers.ContainsKey(i)))
            {
                throw new OnnxModelException($"node {node.OpType} '{node.Name}': input '{input}' is not a graph input, an initializer or any node's output.");
            }
        }

        // Count each node's inputs still to be produced; a node is ready at zero. Linear in nodes + edges, whatever the file's order.
        var nodes = graph.Node;
        var missing = new int[nodes.Count];
        var readers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var ready = new Queue<int>();
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var input in nodes[n].Input.Where(i => !available.Contains(i)))
            {
                missing[n]++;
                if (!readers.TryGetValue(input, out var list))
                {
                    readers[input] = list = [];
                }

                list.Add(n);
            }

            if (missing[n] == 0)
            {
                ready.Enqueue(n);
            }
        }

        var sorted = new List<NodeProto>(nodes.Count);
        while (ready.TryDequeue(out var n))
        {
            sorted.Add(nodes[n]);
            foreach (var output in nodes[n].Output.Where(o => o.Length > 0 && available.Add(o)))
            {
                foreach (var reader in readers.GetValueOrDefault(output) ?? [])
                {
                    if (--missing[reader] == 0)
                    {
                        ready.Enqueue(reader);
                    }
                }
            }
        }

        if (sorted.Count < nodes.Count)
        {
            var stuck = nodes[Array.FindIndex(missing, m => m > 0)];
            throw new OnnxModelException($"graph has a cycle through node {stuck.OpType} '{stuck.Name}'.");
        }

        foreach (var output in graph.Output.Where(o => !available.Contains(o.Name)))
        {
            throw new OnnxModelException($"graph output '{output.Name}' is produced by no node.");
        }

        return sorted;
    }

    private static OnnxValueInfo Describe(ValueInfoProto value)
    {
        if (value.Type?.TensorType is not { } tensor)
        {
            return new OnnxValueInfo(value.Name, OnnxElementType.Undefined, null);
        }

        var type = Enum.IsDefined(typeof(OnnxElementType), tensor.ElemType) ? (OnnxElementType)tensor.ElemType : OnnxElementType.Undefined;
        var shape = tensor.Shape?.Dim.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => new OnnxDimension(d.DimValue, null),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => new OnnxDimension(null, d.DimParam),
            _ => new OnnxDimension(null, null),
        }).ToList();
        return new OnnxValueInfo(value.Name, type, shape);
    }

    private LoadedGraph Compile(GraphPasses passes, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, int opset)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int Slot(string name) => name.Length == 0 ? -1 : slots.TryGetValue(name, out var s) ? s : slots[name] = slots.Count;

        foreach (var input in inputs)
        {
            Slot(input.Name);
        }

        var steps = new List<PlanStep>();
        foreach (var node in passes.Nodes)
        {
            var context = new OnnxNode(node, opset, name => passes.Constants.GetValueOrDefault(name))
            {
                Threads = _options.Threads,
                FusedActivation = passes.FusedActivations.GetValueOrDefault(node),
                StageActivations = passes.StageActivations.GetValueOrDefault(node) ?? [],
            };
            var body = OnnxOperators.Compile(context);
            steps.Add(new PlanStep(node.OpType, node.Name, context.Describe, [.. node.Input.Select(Slot)], [.. node.Output.Select(Slot)], body)
            {
                Binder = OnnxOperators.CompileBinder(context),
                InPlace = OnnxOperators.BindsInPlace(node.OpType),
                Convolution = node.OpType == "Conv" ? OnnxOperators.ConvolutionSettings(context) : null,
                FusedConvolutions = passes.StageNames.TryGetValue(node, out var names) ? OnnxOperators.FusedConvolutions(context, names) : null,
                MatrixProduct = node.OpType switch
                {
                    "Gemm" => (context.Int("transA", 0) != 0, context.Int("transB", 0) != 0),
                    "MatMul" => (false, false),
                    _ => null,
                },
            });
        }

        var constantSlots = passes.Constants.Where(c => slots.ContainsKey(c.Key) || outputs.Any(o => o.Name == c.Key)).ToDictionary(c => Slot(c.Key), c => c.Value);
        var outputSlots = outputs.Select(o => Slot(o.Name)).ToArray();

        // Liveness: after its last reader, an intermediate value can go (never graph outputs or constants).
        var lastUse = new Dictionary<int, int>();
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var slot in steps[i].Inputs.Where(s => s >= 0))
            {
                lastUse[slot] = i;
            }
        }

        foreach (var (slot, step) in lastUse)
        {
            if (!outputSlots.Contains(slot) && !constantSlots.ContainsKey(slot))
            {
                steps[step].Release = [.. steps[step].Release, slot];
            }
        }

        var inputSlots = inputs.Select(i => slots[i.Name]).ToArray();
        return new LoadedGraph(opset, inputs, outputs, steps, slots.Count, constantSlots, inputSlots, outputSlots, Parallelism.Resolve(_options.Threads));
    }
}
