using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// Nodes the graph passes create by fusing elementwise chains (and convolution chains, see the FusedConvolution facet), in a domain of their own (<see cref="FusedDomain"/>)
/// that a model file cannot use (the loader accepts only the default domain): one pass over the data instead of two,
/// with the same roundings as the chain.
/// </summary>
internal static partial class OnnxOperators
{
    /// <summary>The domain of the fused nodes.</summary>
    public const string FusedDomain = "depthwise.fused";

    /// <summary>y = x·scale + shift with scalar scale and shift (attributes): a Mul by a scalar then an Add of one.</summary>
    public const string ScaleShiftOp = "ScaleShift";

    /// <summary>y = x + x·g, g broadcast into x: a gate applied to x then added back to x (a residual squeeze-excitation).</summary>
    public const string GatedResidualOp = "GatedResidual";

    /// <summary>
    /// y = Resize(x, roi, scales, sizes) + a: a Resize whose only reader is an Add (a feature pyramid's top-down path).
    /// Inputs 0–3 are the Resize's (absent ones empty), input <see cref="ResizeInputs"/> is the other Add operand.
    /// </summary>
    public const string ResizeAddOp = "ResizeAdd";

    /// <summary>Inputs of a Resize node at most; the fused ResizeAdd takes its addend after them.</summary>
    public const int ResizeInputs = 4;

    private static readonly Dictionary<string, (Func<OnnxNode, OperatorBody> Body, Func<OnnxNode, StepBinder?> Binder)> FusedOperators = new(StringComparer.Ordinal)
    {
        [ResizeAddOp] = (ResizeAdd, node => BindResize(node, withAddend: true)),
        [ScaleShiftOp] = (ScaleShift, BindScaleShift),
        [GatedResidualOp] = (node => Binary<GatedResidualOperator>(node, (a, b) => a + (a * b)), node => BindBinary<GatedResidualOperator>(Workers(node))),
        [SeparableConvOp] = (SeparableConv, BindSeparableConv),
        [InvertedResidualOp] = (InvertedResidual, BindInvertedResidual),
    };

    // The Resize's body, then the Add's (addition commutes, so the operand order of the original Add does not matter).
    private static OperatorBody ResizeAdd(OnnxNode node)
    {
        var resize = Resize(node);
        var add = Binary<AddOperator>(node, (a, b) => a + b);
        return inputs => add([resize(inputs[..ResizeInputs])[0], Optional(inputs, ResizeInputs)]);
    }

    private static OperatorBody ScaleShift(OnnxNode node)
    {
        var scale = node.Float("scale", 1f);
        var shift = node.Float("shift", 0f);
        var rank = (int)node.Int("rank", 0);
        return inputs =>
        {
            // x (any shape) → (x·scale) + shift, the shape padded to the constants' rank as broadcasting would
            var x = RequiredFloat(inputs, 0);
            var result = new float[x.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (x.Floats![i] * scale) + shift;
            }

            return [OnnxValue.FromFloats(result, x.Rank >= rank ? x.Shape : [.. Enumerable.Repeat(1, rank - x.Rank), .. x.Shape])];
        };
    }

    private static StepBinder BindScaleShift(OnnxNode node)
    {
        var scale = node.Float("scale", 1f);
        var shift = node.Float("shift", 0f);

        return BindUnary(node, (x, y) =>
        {
            TensorPrimitives.Multiply(x, scale, y);
            TensorPrimitives.Add(y, shift, y);
        });
    }

    /// <summary>a + a·b, rounding a·b first as the Mul → Add chain does (MultiplyAdd is not the fused multiply-add).</summary>
    private readonly struct GatedResidualOperator : IBinaryOperator
    {
        public static float Apply(float a, float b) => a + (a * b);

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.MultiplyAdd(a, b, a, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.MultiplyAdd(a, b, a, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y)
        {
            TensorPrimitives.Multiply(b, a, y);
            TensorPrimitives.Add(y, a, y);
        }
    }
}
