using Depthwise.Geometry;
using Depthwise.Onnx.Import.Operators;
using Depthwise.Onnx.Protos;
using Depthwise.Operators;

namespace Depthwise.Onnx.Import;

/// <summary>
/// Graph rewrites that keep outputs (within float rounding) and save work: constant folding, BatchNormalization
/// folded into the preceding Conv or ConvTranspose, per-channel Mul/Add folded into the preceding Conv, activations fused into Conv and ConvTranspose (Relu, Clip, HardSwish and its Add/Clip/Mul/Div spelling),
/// and dead-node removal. Nodes are rewritten as copies; the parsed model is not changed.
/// </summary>
internal sealed class GraphPasses
{
    private readonly HashSet<string> _graphOutputs;
    private readonly int _opset;
    private readonly int _threads;
    private const int MaximumAffineRounds = 4;
    private int _fresh;

    public GraphPasses(List<NodeProto> nodes, Dictionary<string, OnnxValue> constants, HashSet<string> graphOutputs, int opset, int threads)
    {
        Nodes = nodes;
        Constants = constants;
        _graphOutputs = graphOutputs;
        _opset = opset;
        _threads = threads;
    }

    public List<NodeProto> Nodes { get; private set; }

    public Dictionary<string, OnnxValue> Constants { get; }

    /// <summary>Activations fused into Conv nodes (by node identity).</summary>
    public Dictionary<NodeProto, Activation> FusedActivations { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The activation of each convolution a fused separable or inverted residual node runs, in order (by node identity).</summary>
    public Dictionary<NodeProto, Activation[]> StageActivations { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The names of the convolutions a fused separable or inverted residual node runs, in order (by node identity).</summary>
    public Dictionary<NodeProto, string[]> StageNames { get; } = new(ReferenceEqualityComparer.Instance);

    public void Run()
    {
        FoldConstants();
        // Each round folds one BatchNormalization, Mul or Add per convolution; exporters put at most a bias Add, a
        // BatchNormalization and a Mul and an Add there, so a few rounds suffice.
        for (var round = 0; round < MaximumAffineRounds && (FoldBatchNormalization() | FoldAffine()); round++)
        {
        }

        FuseActivations();
        FuseElementwiseChains();
        FuseResizeAdd();
        FuseSeparableBlocks();
        RemoveDeadNodes();
    }

    private OnnxNode Context(NodeProto node) => new(node, _opset, name => Constants.GetValueOrDefault(name)) { Threads = _threads };

    private bool IsConstant(string name) => name.Length == 0 || Constants.ContainsKey(name);

    /// <summary>Nodes whose inputs are all known at load time run once, now; their outputs become constants.</summary>
    private void FoldConstants()
    {
        var kept = new List<NodeProto>();
        foreach (var node in Nodes)
        {
            if (node.Input.Count == 0 || !node.Input.All(IsConstant))
            {
                kept.Add(node);
                continue;
            }

            var context = Context(node);
            var inputs = node.Input.Select(name => name.Length == 0 ? null : Constants[name]).ToArray();
            OnnxValue[] outputs;
            try
            {
                outputs = OnnxOperators.Compile(context)(inputs);
            }
            catch (Exception exception) when (exception is OnnxModelException or ArgumentException)
            {
                throw context.Error($"constant folding failed: {exception.Message}");
            }

            for (var i = 0; i < node.Output.Count && i < outputs.Length; i++)
            {
                if (node.Output[i].Length > 0)
                {
                    Constants[node.Output[i]] = outputs[i];
                }
            }
        }

        Nodes = kept;
    }

    private Dictionary<string, List<NodeProto>> Consumers()
    {
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        return consumers;
    }

    // The single node reading `value`, when exactly one does and it is not a graph output.
    private NodeProto? SoleConsumer(Dictionary<string, List<NodeProto>> consumers, string value) =>
        !_graphOutputs.Contains(value) && consumers.TryGetValue(value, out var list) && list.Count == 1 ? list[0] : null;

    private static bool IsFloatConstantConv(NodeProto node, Dictionary<string, OnnxValue> constants) =>
        node.OpType == "Conv" && node.Input.Count >= 2 && constants.TryGetValue(node.Input[1], out var w) && w.IsFloat && w.Rank == 4
        && (node.Input.Count < 3 || node.Input[2].Length == 0 || constants.ContainsKey(node.Input[2]));

    // ConvTranspose weights are (Cin, Cout/g, kH, kW): the output channel of an element is its group's offset plus dimension 1.
    private static bool IsFloatConstantConvTranspose(NodeProto node, Dictionary<string, OnnxValue> constants) =>
        node.OpType == "ConvTranspose" && node.Input.Count >= 2 && constants.TryGetValue(node.Input[1], out var w) && w.IsFloat && w.Rank == 4
        && (node.Input.Count < 3 || node.Input[2].Length == 0 || constants.ContainsKey(node.Input[2]));

    /// <summary>
    /// Conv or ConvTranspose → BatchNormalization with constant parameters becomes one Conv (ConvTranspose) with scaled
    /// weights and a new bias.
    /// </summary>
    private bool FoldBatchNormalization()
    {
        var consumers = Consumers();
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var conv in Nodes.Where(n => IsFloatConstantConv(n, Constants) || IsFloatConstantConvTranspose(n, Constants)))
        {
            if (SoleConsumer(consumers, conv.Output[0]) is not { OpType: "BatchNormalization" } norm
                || norm.Input.Count < 5 || !norm.Input.Skip(1).Take(4).All(i => i.Length > 0 && Constants.ContainsKey(i))
                || norm.Output.Skip(1).Any(o => o.Length > 0) || Context(norm).Int("training_mode", 0) != 0)
            {
                continue;
            }

            var weights = Constants[conv.Input[1]];
            var transposed = conv.OpType == "ConvTranspose";
            var groups = transposed ? Context(conv).IntInRange("group", 1, 1, int.MaxValue) : 1;
            if (transposed && weights.Shape[0] % groups != 0)
            {
                continue;
            }

            var outputChannels = transposed ? weights.Shape[1] * groups : weights.Shape[0];
            OnnxValue?[] parameters = [null, .. norm.Input.Skip(1).Take(4).Select(i => Constants[i])];
            if (parameters.Skip(1).Any(p => !p!.IsFloat || p.Length != outputChannels))
            {
                continue;
            }

            var (multiplier, offset) = OnnxOperators.BatchNormCoefficients(parameters, outputChannels, Context(norm).Float("epsilon", 1e-5f));
            var newWeights = new float[weights.Length];
            for (var i = 0; i < newWeights.Length; i++)
            {
                newWeights[i] = weights.Floats![i] * multiplier[OutputChannel(weights.Shape, groups, transposed, i)];
            }

            var oldBias = conv.Input.Count >= 3 && conv.Input[2].Length > 0 ? Constants[conv.Input[2]].AsFloats() : new float[outputChannels];
            var newBias = new float[outputChannels];
            for (var o = 0; o < outputChannels; o++)
            {
                newBias[o] = (oldBias[o] * multiplier[o]) + offset[o];
            }

            var fused = conv.Clone();
            fused.Input.Clear();
            fused.Input.Add(conv.Input[0]);
            fused.Input.Add(AddConstant(conv.Name + "/folded_weights", OnnxValue.FromFloats(newWeights, weights.Shape)));
            fused.Input.Add(AddConstant(conv.Name + "/folded_bias", OnnxValue.FromFloats(newBias, [outputChannels])));
            fused.Output[0] = norm.Output[0];
            replaced[conv] = fused;
            removed.Add(norm);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
        return removed.Count > 0;
    }

    // The output channel weight element `index` feeds: dimension 0 of Conv weights; for ConvTranspose weights
    // (Cin, Cout/g, kH, kW), the input channel's group times Cout/g plus dimension 1.
    private static int OutputChannel(int[] shape, int groups, bool transposed, int index)
    {
        var taps = shape[2] * shape[3];
        if (!transposed)
        {
            return index / (shape[1] * taps);
        }

        var inputChannel = index / (shape[1] * taps);
        return (inputChannel / (shape[0] / groups) * shape[1]) + (index / taps % shape[1]);
    }

    /// <summary>
    /// Conv or ConvTranspose followed by Mul or Add with a constant that is one value or one per output channel ((C,1,1) or (1,C,1,1)):
    /// scale the weights and bias, or shift the bias. PP-LCNet's learnable affine blocks are this. True when any folded.
    /// </summary>
    private bool FoldAffine()
    {
        var consumers = Consumers();
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var conv in Nodes.Where(n => IsFloatConstantConv(n, Constants) || IsFloatConstantConvTranspose(n, Constants)))
        {
            if (SoleConsumer(consumers, conv.Output[0]) is not { OpType: "Mul" or "Add" } next || OtherOperand(next, conv.Output[0]) is not { } other
                || !Constants.TryGetValue(other, out var constant) || !constant.IsFloat)
            {
                continue;
            }

            var weights = Constants[conv.Input[1]];
            var transposed = conv.OpType == "ConvTranspose";
            var groups = transposed ? Context(conv).IntInRange("group", 1, 1, int.MaxValue) : 1;
            if (transposed && weights.Shape[0] % groups != 0)
            {
                continue;
            }

            var outputChannels = transposed ? weights.Shape[1] * groups : weights.Shape[0];
            var perChannel = constant.Length == outputChannels && constant.Shape.Length is 3 or 4
                && constant.Shape[^3] == outputChannels && constant.Shape[^1] == 1 && constant.Shape[^2] == 1 && (constant.Rank == 3 || constant.Shape[0] == 1);
            if (!(constant.Length == 1 && constant.Rank <= 4) && !perChannel)
            {
                continue;
            }

            float Factor(int channel) => constant.Floats![constant.Length == 1 ? 0 : channel];
            var bias = conv.Input.Count >= 3 && conv.Input[2].Length > 0 ? Constants[conv.Input[2]].AsFloats() : new float[outputChannels];
            var newBias = new float[outputChannels];
            var newWeights = weights.Floats!;
            if (next.OpType == "Mul")
            {
                newWeights = new float[weights.Length];
                for (var i = 0; i < newWeights.Length; i++)
                {
                    newWeights[i] = weights.Floats![i] * Factor(OutputChannel(weights.Shape, groups, transposed, i));
                }
            }

            for (var o = 0; o < outputChannels; o++)
            {
                newBias[o] = next.OpType == "Mul" ? bias[o] * Factor(o) : bias[o] + Factor(o);
            }

            var fused = conv.Clone();
            fused.Input.Clear();
            fused.Input.Add(conv.Input[0]);
            fused.Input.Add(next.OpType == "Mul" ? AddConstant(conv.Name + "/scaled_weights", OnnxValue.FromFloats(newWeights, weights.Shape)) : conv.Input[1]);
            fused.Input.Add(AddConstant(conv.Name + "/affine_bias", OnnxValue.FromFloats(newBias, [outputChannels])));
            fused.Output[0] = next.Output[0];
            replaced[conv] = fused;
            removed.Add(next);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
        return removed.Count > 0;
    }

    private string AddConstant(string hint, OnnxValue value)
    {
        string name;
        do
        {
            name = $"{hint}#{_fresh++}";
        }
        while (Constants.ContainsKey(name));

        Constants[name] = value;
        return name;
    }

    /// <summary>
    /// Conv or ConvTranspose followed by its only consumer Relu, Clip (constant bounds) or HardSwish, or by the HardSwish
    /// spelled out.
    /// </summary>
    private void FuseActivations()
    {
        var consumers = Consumers();
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var conv in Nodes.Where(n => n.OpType is "Conv" or "ConvTranspose"))
        {
            var output = conv.Output[0];
            (Activation Activation, string Output, NodeProto[] Nodes)? match = SoleConsumer(consumers, output) is { } next
                ? SimpleActivation(next, output)
                : SpelledHardSwish(consumers, output);
            if (match is not { } found || found.Nodes.Any(removed.Contains))
            {
                continue;
            }

            var fused = conv.Clone();
            fused.Output[0] = found.Output;
            replaced[conv] = fused;
            FusedActivations[fused] = found.Activation;
            removed.UnionWith(found.Nodes);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
    }

    private (Activation, string, NodeProto[])? SimpleActivation(NodeProto next, string input)
    {
        if (next.Input.Count == 0 || next.Input[0] != input)
        {
            return null;
        }

        switch (next.OpType)
        {
            case "Relu":
                return (Activation.Relu, next.Output[0], [next]);
            case "HardSwish":
                return (Activation.HardSwish, next.Output[0], [next]);
            case "Clip" when ClipBounds(next) is var (min, max):
                var activation = min == 0f && max == 6f ? Activation.Relu6 : min <= max ? Activation.Clip(min, max) : (Activation?)null;
                return activation is { } a ? (a, next.Output[0], [next]) : null;
            default:
                return null;
        }
    }

    private (float Min, float Max)? ClipBounds(NodeProto clip)
    {
        var context = Context(clip);
        if (_opset < 11)
        {
            return (context.Float("min", float.NegativeInfinity), context.Float("max", float.PositiveInfinity));
        }

        float? Bound(int index, float defaultValue) =>
            !context.HasInput(index) ? defaultValue
            : context.Constant(index) is { Length: 1 } value ? value.AsFloats()[0]
            : null;

        return Bound(1, float.NegativeInfinity) is { } min && Bound(2, float.PositiveInfinity) is { } max && !float.IsNaN(min) && !float.IsNaN(max)
            ? (min, max)
            : null;
    }

    // x → Add(x, 3) → Clip(0, 6) → Mul(x, ·) → Div(·, 6), or with the Div before the Mul: x · relu6(x + 3) / 6.
    private (Activation, string, NodeProto[])? SpelledHardSwish(Dictionary<string, List<NodeProto>> consumers, string x)
    {
        if (_graphOutputs.Contains(x) || !consumers.TryGetValue(x, out var readers) || readers.Count != 2)
        {
            return null;
        }

        var add = readers.FirstOrDefault(n => n.OpType == "Add" && OtherOperandIs(n, x, 3f));
        if (add is null || SoleConsumer(consumers, add.Output[0]) is not { OpType: "Clip" } clip || clip.Input[0] != add.Output[0]
            || ClipBounds(clip) is not (0f, 6f))
        {
            return null;
        }

        var first = SoleConsumer(consumers, clip.Output[0]);
        if (first is { OpType: "Mul" } mul && readers.Contains(mul) && OtherOperand(mul, x) == clip.Output[0]
            && SoleConsumer(consumers, mul.Output[0]) is { OpType: "Div" } div && div.Input[0] == mul.Output[0] && IsConstantValue(div.Input[1], 6f))
        {
            return (Activation.HardSwish, div.Output[0], [add, clip, mul, div]);
        }

        if (first is { OpType: "Div" } divFirst && divFirst.Input[0] == clip.Output[0] && IsConstantValue(divFirst.Input[1], 6f)
            && SoleConsumer(consumers, divFirst.Output[0]) is { OpType: "Mul" } mulLast && readers.Contains(mulLast) && OtherOperand(mulLast, x) == divFirst.Output[0])
        {
            return (Activation.HardSwish, mulLast.Output[0], [add, clip, divFirst, mulLast]);
        }

        return null;
    }

    /// <summary>
    /// Two elementwise nodes that would each make a pass over the data become one fused node (same roundings): a Mul
    /// by a scalar constant then an Add of one (PP-LCNet's learnable affine block after an activation) becomes
    /// ScaleShift; Add(x, Mul(x, g)) (a gate added back to its input: PP-OCR's residual squeeze-excitation) becomes
    /// GatedResidual. The Mul's result must have no other reader.
    /// </summary>
    private void FuseElementwiseChains()
    {
        var consumers = Consumers();
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var mul in Nodes.Where(n => n.OpType == "Mul" && n.Domain is "" or "ai.onnx" && n.Input.Count == 2 && n.Output.Count == 1))
        {
            if (removed.Contains(mul) || SoleConsumer(consumers, mul.Output[0]) is not { OpType: "Add", Input.Count: 2 } add
                || removed.Contains(add) || replaced.ContainsKey(add) || OtherOperand(add, mul.Output[0]) is not { } other)
            {
                continue;
            }

            NodeProto fused;
            var scaleIndex = ScalarConstant(mul.Input[0]) is not null ? 0 : ScalarConstant(mul.Input[1]) is not null ? 1 : -1;
            if (scaleIndex >= 0 && ScalarConstant(other) is { } shift)
            {
                var scale = ScalarConstant(mul.Input[scaleIndex])!;
                fused = Fused(OnnxOperators.ScaleShiftOp, mul, add, [mul.Input[1 - scaleIndex]]);
                fused.Attribute.Add(new AttributeProto { Name = "scale", Type = AttributeProto.Types.AttributeType.Float, F = scale.Floats![0] });
                fused.Attribute.Add(new AttributeProto { Name = "shift", Type = AttributeProto.Types.AttributeType.Float, F = shift.Floats![0] });
                fused.Attribute.Add(new AttributeProto { Name = "rank", Type = AttributeProto.Types.AttributeType.Int, I = Math.Max(scale.Rank, shift.Rank) });
            }
            else if (OtherOperand(mul, other) is { } gate && gate != other)
            {
                fused = Fused(OnnxOperators.GatedResidualOp, mul, add, [other, gate]);
            }
            else
            {
                continue;
            }

            replaced[mul] = fused;
            removed.Add(add);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
    }

    /// <summary>
    /// Add(a, Resize(x)) — the top-down path of a feature pyramid (PP-OCR det: three of them, up to (1, 96, 160, 160)) —
    /// becomes one ResizeAdd that adds a to each resized row while it is in cache, instead of a second pass over the
    /// output. The Resize's result must have no other reader.
    /// </summary>
    private void FuseResizeAdd()
    {
        var consumers = Consumers();
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var resize in Nodes.Where(n => n.OpType == "Resize" && n.Domain is "" or "ai.onnx" && n.Input.Count is >= 1 and <= OnnxOperators.ResizeInputs && n.Output.Count == 1))
        {
            if (SoleConsumer(consumers, resize.Output[0]) is not { OpType: "Add", Domain: "" or "ai.onnx", Input.Count: 2 } add
                || replaced.ContainsKey(add) || OtherOperand(add, resize.Output[0]) is not { } other || other == resize.Output[0])
            {
                continue;
            }

            var fused = Fused(OnnxOperators.ResizeAddOp, resize, add, [.. resize.Input, .. Enumerable.Repeat(string.Empty, OnnxOperators.ResizeInputs - resize.Input.Count), other]);
            fused.Attribute.Add(resize.Attribute);

            // In the Add's place: the addend may be computed after the Resize.
            replaced[add] = fused;
            removed.Add(resize);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
    }

    /// <summary>
    /// Depthwise Conv → 1×1 Conv (a depthwise-separable block) becomes one SeparableConv node, and 1×1 Conv → depthwise
    /// Conv (one filter per channel) → 1×1 Conv [→ Add of another value] (MobileNetV2's inverted residual block) one
    /// InvertedResidual node: the fused kernels never write the intermediate tensors. Each intermediate must have no other
    /// reader; the 1×1 convolutions must have group 1, stride 1, no dilation and no pads, and all weights must be constant.
    /// </summary>
    private void FuseSeparableBlocks()
    {
        var consumers = Consumers();
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                producers[output] = node;
            }
        }

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var depthwise in Nodes.Where(n => IsFloatConstantConv(n, Constants)))
        {
            var depthwiseWeights = Constants[depthwise.Input[1]];
            if (depthwiseWeights.Shape[1] != 1 || Group(depthwise) is not { } groups || depthwiseWeights.Shape[0] % groups != 0
                || SoleConsumer(consumers, depthwise.Output[0]) is not { } project || !IsPlainPointwise(project, depthwiseWeights.Shape[0])
                || project.Input[0] != depthwise.Output[0] || removed.Contains(project) || replaced.ContainsKey(project) || removed.Contains(depthwise) || replaced.ContainsKey(depthwise))
            {
                continue;
            }

            var expand = producers.GetValueOrDefault(depthwise.Input[0]);
            if (expand is null || removed.Contains(expand) || replaced.ContainsKey(expand) || groups != depthwiseWeights.Shape[0] || !IsPlainPointwise(expand, -1)
                || Constants[expand.Input[1]].Shape[0] != groups || SoleConsumer(consumers, depthwise.Input[0]) != depthwise)
            {
                var separable = Fused(OnnxOperators.SeparableConvOp, depthwise, project, [depthwise.Input[0], .. ConvParameters(depthwise), .. ConvParameters(project)]);
                separable.Attribute.Add(depthwise.Attribute);
                StageActivations[separable] = [FusedActivations.GetValueOrDefault(depthwise), FusedActivations.GetValueOrDefault(project)];
                StageNames[separable] = [depthwise.Name, project.Name];
                replaced[project] = separable;
                removed.Add(depthwise);
                continue;
            }

            // A residual Add of a value other than the block's own output, in the Add's place (its addend may come later).
            var add = SoleConsumer(consumers, project.Output[0]) is { OpType: "Add", Domain: "" or "ai.onnx", Input.Count: 2 } next && !removed.Contains(next)
                && !replaced.ContainsKey(next) && OtherOperand(next, project.Output[0]) is { } other && other != project.Output[0] && !IsConstant(other)
                    ? next
                    : null;
            string[] inputs = [expand.Input[0], .. ConvParameters(expand), .. ConvParameters(depthwise), .. ConvParameters(project), .. add is null ? [] : new[] { OtherOperand(add, project.Output[0])! }];
            var fused = Fused(OnnxOperators.InvertedResidualOp, expand, add ?? project, inputs);
            fused.Attribute.Add(depthwise.Attribute);
            StageActivations[fused] = [FusedActivations.GetValueOrDefault(expand), FusedActivations.GetValueOrDefault(depthwise), FusedActivations.GetValueOrDefault(project)];
            StageNames[fused] = [expand.Name, depthwise.Name, project.Name];
            replaced[add ?? project] = fused;
            removed.UnionWith(add is null ? [expand, depthwise] : [expand, depthwise, project]);
        }

        Nodes = Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
    }

    // A Conv's weights and bias inputs (the bias empty when absent).
    private static string[] ConvParameters(NodeProto conv) => [conv.Input[1], conv.Input.Count >= 3 ? conv.Input[2] : string.Empty];

    private int? Group(NodeProto conv)
    {
        try
        {
            return Context(conv).IntInRange("group", 1, 1, int.MaxValue);
        }
        catch (OnnxModelException)
        {
            return null;
        }
    }

    // A constant-weight 1×1 Conv with group 1, stride 1, dilation 1 and no pads (of `inputChannels` input channels unless negative).
    private bool IsPlainPointwise(NodeProto conv, int inputChannels)
    {
        if (!IsFloatConstantConv(conv, Constants) || Constants[conv.Input[1]] is not { } weights
            || weights.Shape[2] != 1 || weights.Shape[3] != 1 || (inputChannels >= 0 && weights.Shape[1] != inputChannels) || Group(conv) != 1)
        {
            return false;
        }

        try
        {
            var spatial = OnnxOperators.ReadSpatial(Context(conv));
            return spatial.Stride == new Size2D(1, 1) && spatial.Dilation == new Size2D(1, 1) && spatial.Pads.All(p => p == 0);
        }
        catch (OnnxModelException)
        {
            return false;
        }
    }

    private static NodeProto Fused(string opType, NodeProto first, NodeProto last, string[] inputs)
    {
        var fused = new NodeProto { OpType = opType, Domain = OnnxOperators.FusedDomain, Name = $"{first.Name}+{last.Name}" };
        fused.Input.Add(inputs);
        fused.Output.Add(last.Output[0]);
        return fused;
    }

    private OnnxValue? ScalarConstant(string name) =>
        Constants.TryGetValue(name, out var constant) && constant.IsFloat && constant.Length == 1 ? constant : null;

    private static string? OtherOperand(NodeProto node, string x) =>
        node.Input.Count != 2 ? null : node.Input[0] == x ? node.Input[1] : node.Input[1] == x ? node.Input[0] : null;

    private bool OtherOperandIs(NodeProto node, string x, float value) => OtherOperand(node, x) is { } other && IsConstantValue(other, value);

    private bool IsConstantValue(string name, float value) =>
        Constants.TryGetValue(name, out var constant) && constant.IsFloat && constant.Length == 1 && constant.Floats![0] == value;

    /// <summary>Drops nodes none of whose outputs reach a graph output.</summary>
    private void RemoveDeadNodes()
    {
        var needed = new HashSet<string>(_graphOutputs, StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (var i = Nodes.Count - 1; i >= 0; i--)
        {
            var node = Nodes[i];
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input);
            }
        }

        kept.Reverse();
        Nodes = kept;
    }
}
