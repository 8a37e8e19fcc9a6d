namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// The operators the importer supports: for each op type the first opset whose form we implement and a factory that
/// compiles one node into an <see cref="OperatorBody"/>. Scalar, readable implementations; convolutions go to the
/// library's Conv2d. Facets live in the partial files (elementwise, shape, convolution, pooling, ...).
/// </summary>
internal static partial class OnnxOperators
{
    private static readonly Dictionary<string, Func<OnnxNode, OperatorBody>> Factories = new(StringComparer.Ordinal)
    {
        ["Identity"] = _ => inputs => [Required(inputs, 0)],
        ["Dropout"] = Dropout,
        ["Relu"] = node => Unary(node, x => MathF.Max(x, 0f)),
        ["LeakyRelu"] = LeakyRelu,
        ["Sigmoid"] = node => Unary(node, Sigmoid),
        ["Tanh"] = node => Unary(node, MathF.Tanh),
        ["Erf"] = node => Unary(node, Erf),
        ["Sqrt"] = node => Unary(node, MathF.Sqrt),
        ["Exp"] = node => Unary(node, MathF.Exp),
        ["Log"] = node => Unary(node, MathF.Log),
        ["Neg"] = node => Unary(node, x => -x),
        ["Abs"] = node => Unary(node, MathF.Abs),
        ["Reciprocal"] = node => Unary(node, x => 1f / x),
        ["HardSigmoid"] = HardSigmoid,
        ["HardSwish"] = node => Unary(node, x => x * MathF.Min(MathF.Max((x / 6f) + 0.5f, 0f), 1f)),
        ["Clip"] = Clip,
        ["Add"] = node => Binary<AddOperator>(node, (a, b) => a + b),
        ["Sub"] = node => Binary<SubtractOperator>(node, (a, b) => a - b),
        ["Mul"] = node => Binary<MultiplyOperator>(node, (a, b) => a * b),
        ["Div"] = node => Binary<DivideOperator>(node, IntegerDivide),
        ["Pow"] = node => Binary<PowerOperator>(node, (a, b) => (long)Math.Pow(a, b)),
        ["Cast"] = Cast,
        ["Shape"] = Shape,
        ["Gather"] = Gather,
        ["Concat"] = Concat,
        ["Reshape"] = Reshape,
        ["Flatten"] = Flatten,
        ["Transpose"] = Transpose,
        ["Squeeze"] = Squeeze,
        ["Unsqueeze"] = Unsqueeze,
        ["Split"] = Split,
        ["Slice"] = Slice,
        ["ConstantOfShape"] = ConstantOfShape,
        ["Pad"] = Pad,
        ["Conv"] = Conv,
        ["ConvTranspose"] = ConvTranspose,
        ["BatchNormalization"] = BatchNormalization,
        ["GlobalAveragePool"] = GlobalAveragePool,
        ["AveragePool"] = node => Pool(node, average: true),
        ["MaxPool"] = node => Pool(node, average: false),
        ["Gemm"] = Gemm,
        ["MatMul"] = MatMul,
        ["Resize"] = Resize,
        ["Upsample"] = Resize,
        ["ReduceMean"] = ReduceMean,
        ["Softmax"] = Softmax,
        ["LayerNormalization"] = LayerNormalization,
    };

    /// <summary>Op types we can run (the Constant op is handled while loading, before the plan exists).</summary>
    public static IEnumerable<string> Supported => Factories.Keys.Append("Constant").Order(StringComparer.Ordinal);

    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    public static OperatorBody Compile(OnnxNode node) =>
        node.Domain == FusedDomain && FusedOperators.TryGetValue(node.OpType, out var fused) ? fused.Body(node)
        : node.Domain != FusedDomain && Factories.TryGetValue(node.OpType, out var factory) ? factory(node)
        : throw node.Error($"operator {node.OpType} is not supported (supported: {string.Join(", ", Supported)}).");

    private static OnnxValue Required(OnnxValue?[] inputs, int index) =>
        index < inputs.Length && inputs[index] is { } value
            ? value
            : throw new OnnxModelException($"input {index} is required but missing.");

    private static OnnxValue RequiredFloat(OnnxValue?[] inputs, int index)
    {
        var value = Required(inputs, index);
        return value.IsFloat ? value : throw new OnnxModelException($"input {index} is int64 {value}; expected float.");
    }

    private static OnnxValue? Optional(OnnxValue?[] inputs, int index) => index < inputs.Length ? inputs[index] : null;

    private static void RequireRank(OnnxValue value, int rank, string what)
    {
        if (value.Rank != rank)
        {
            throw new OnnxModelException($"{what} has shape {OnnxValue.Format(value.Shape)}; expected rank {rank}.");
        }
    }

    /// <summary>A shape given as int64 values, checked to be non-negative ints.</summary>
    private static int Dimension(long value, string what) =>
        value is >= 0 and <= int.MaxValue ? (int)value : throw new OnnxModelException($"{what} is {value}; expected a size from 0 to {int.MaxValue}.");

    private static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    private static int NormalizeAxis(long axis, int rank, string what)
    {
        if (axis < -rank || axis >= Math.Max(rank, 1))
        {
            throw new OnnxModelException($"{what} is {axis}; expected an axis in [{-rank}, {rank - 1}] for rank {rank}.");
        }

        return (int)(axis < 0 ? axis + rank : axis);
    }
}
