using Depthwise.Onnx.Protos;
using Depthwise.Operators;
using AttributeType = Depthwise.Onnx.Protos.AttributeProto.Types.AttributeType;

namespace Depthwise.Onnx.Import;

/// <summary>
/// One node while the plan is built: its attributes (typed, with defaults), its opset, and the inputs whose values are
/// already known at load time (initializers, Constant outputs). Every error it raises names the node.
/// </summary>
internal sealed class OnnxNode
{
    private readonly NodeProto _node;
    private readonly Func<string, OnnxValue?> _constant;

    public OnnxNode(NodeProto node, int opset, Func<string, OnnxValue?> constant)
    {
        _node = node;
        Opset = opset;
        _constant = constant;
    }

    public string OpType => _node.OpType;

    /// <summary>The node's domain: empty (or ai.onnx) for file nodes, <see cref="Operators.OnnxOperators.FusedDomain"/> for fused ones.</summary>
    public string Domain => _node.Domain;

    public string Name => _node.Name;

    public int Opset { get; }

    /// <summary>Worker threads for the convolutions (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>An activation a graph pass fused into this node (Conv only).</summary>
    public Activation FusedActivation { get; init; } = Activation.None;

    /// <summary>The activation of each convolution of a fused separable or inverted residual node, in order (empty otherwise).</summary>
    public IReadOnlyList<Activation> StageActivations { get; init; } = [];

    public int OutputCount => _node.Output.Count;

    public string Describe => $"node {OpType} '{Name}' (opset {Opset})";

    public bool HasInput(int index) => index < _node.Input.Count && _node.Input[index].Length > 0;

    public bool HasOutput(int index) => index < _node.Output.Count && _node.Output[index].Length > 0;

    /// <summary>The value of input <paramref name="index"/> when it is known at load time, else null.</summary>
    public OnnxValue? Constant(int index) => HasInput(index) ? _constant(_node.Input[index]) : null;

    public OnnxModelException Error(string message) => new($"{Describe}: {message}");

    public bool Has(string name) => Find(name) is not null;

    public long Int(string name, long defaultValue) => Find(name, AttributeType.Int) is { } a ? a.I : defaultValue;

    public float Float(string name, float defaultValue) => Find(name, AttributeType.Float) is { } a ? a.F : defaultValue;

    public string String(string name, string defaultValue) => Find(name, AttributeType.String) is { } a ? a.S.ToStringUtf8() : defaultValue;

    public long[]? Ints(string name) => Find(name, AttributeType.Ints) is { } a ? [.. a.Ints] : null;

    public float[]? Floats(string name) => Find(name, AttributeType.Floats) is { } a ? [.. a.Floats] : null;

    public TensorProto? Tensor(string name) => Find(name, AttributeType.Tensor)?.T;

    public int IntInRange(string name, long defaultValue, long min, long max)
    {
        var value = Int(name, defaultValue);
        if (value < min || value > max)
        {
            throw Error($"attribute {name} is {value}; expected {min} to {max}.");
        }

        return (int)value;
    }

    private AttributeProto? Find(string name)
    {
        foreach (var attribute in _node.Attribute)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    private AttributeProto? Find(string name, AttributeType type)
    {
        var attribute = Find(name);
        if (attribute is null)
        {
            return null;
        }

        // Some exporters leave the type unset; trust the field then.
        if (attribute.Type != type && attribute.Type != AttributeType.Undefined)
        {
            throw Error($"attribute {name} has type {attribute.Type}; expected {type}.");
        }

        return attribute;
    }
}
