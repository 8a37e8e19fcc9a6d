using Depthwise.Operators;
using Depthwise.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// Prepared kernels for the hot operators of CNNs, bound to an execution plan's buffers (see <see cref="StepBinder"/>):
/// convolutions on the library's prepared plans, elementwise arithmetic and activations on TensorPrimitives, pooling,
/// Resize, Concat and Gemm. Each binder checks the form it handles and returns null otherwise; the results match the
/// scalar bodies (bit for bit where the arithmetic is the same, within float rounding of sums otherwise).
/// </summary>
internal static partial class OnnxOperators
{
    private static readonly Dictionary<string, Func<OnnxNode, StepBinder?>> Binders = new(StringComparer.Ordinal)
    {
        ["Conv"] = BindConv,
        ["ConvTranspose"] = BindConvTranspose,
        ["Add"] = _ => BindBinary<AddOperator>,
        ["Sub"] = _ => BindBinary<SubtractOperator>,
        ["Mul"] = _ => BindBinary<MultiplyOperator>,
        ["Div"] = _ => BindBinary<DivideOperator>,
        ["Relu"] = _ => BindUnary((x, y) => TensorPrimitives.Max(x, 0f, y)),
        ["Sigmoid"] = _ => BindUnary(TensorPrimitives.Sigmoid),
        ["HardSigmoid"] = BindHardSigmoid,
        ["HardSwish"] = _ => BindUnary(HardSwish),
        ["Clip"] = BindClip,
        ["BatchNormalization"] = BindBatchNormalization,
        ["GlobalAveragePool"] = _ => BindGlobalAveragePool,
        ["Resize"] = BindResize,
        ["Upsample"] = BindResize,
        ["Concat"] = BindConcat,
        ["Gemm"] = BindGemm,
    };

    // Bound kernels that read each element before writing the same element (HardSwish reads x after writing y: not here).
    private static readonly HashSet<string> InPlaceBinders = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "HardSigmoid", "Clip", "BatchNormalization",
    };

    /// <summary>Whether the op type's bound kernel may write its output over an input of the same length.</summary>
    public static bool BindsInPlace(string opType) => InPlaceBinders.Contains(opType);

    /// <summary>The node's binder, or null when its op type has none (its body then runs on every call).</summary>
    public static StepBinder? CompileBinder(OnnxNode node) => Binders.TryGetValue(node.OpType, out var factory) ? factory(node) : null;

    private static bool AllFloat(OnnxValue?[] inputs, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i >= inputs.Length || inputs[i] is not { IsFloat: true })
            {
                return false;
            }
        }

        return true;
    }

    private static StepBinder BindUnary(Action<ReadOnlySpan<float>, Span<float>> function) => (inputs, _, outputs) =>
    {
        if (!AllFloat(inputs, 1) || outputs.Length != 1 || outputs[0].Length != inputs[0]!.Length)
        {
            return null;
        }

        // x (any shape) → y (same shape)
        var x = inputs[0]!.Floats!;
        var y = outputs[0].Floats!;
        return () => function(x, y);
    };

    // x · clamp(x / 6 + 1/2, 0, 1), in the scalar body's order of operations.
    private static void HardSwish(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Divide(x, 6f, y);
        TensorPrimitives.Add(y, 0.5f, y);
        TensorPrimitives.Max(y, 0f, y);
        TensorPrimitives.Min(y, 1f, y);
        TensorPrimitives.Multiply(x, y, y);
    }

    private static StepBinder BindHardSigmoid(OnnxNode node)
    {
        var alpha = node.Float("alpha", 0.2f);
        var beta = node.Float("beta", 0.5f);
        return BindUnary((x, y) =>
        {
            TensorPrimitives.Multiply(x, alpha, y);
            TensorPrimitives.Add(y, beta, y);
            TensorPrimitives.Min(y, 1f, y);
            TensorPrimitives.Max(y, 0f, y);
        });
    }

    private static StepBinder BindClip(OnnxNode node)
    {
        var attributeMin = node.Float("min", float.NegativeInfinity);
        var attributeMax = node.Float("max", float.PositiveInfinity);
        return (inputs, constant, outputs) =>
        {
            if (node.Opset >= 11 && ((inputs.Length > 1 && !constant[1]) || (inputs.Length > 2 && !constant[2])))
            {
                return null;
            }

            var min = node.Opset >= 11 ? ScalarOr(Optional(inputs, 1), float.NegativeInfinity, "min") : attributeMin;
            var max = node.Opset >= 11 ? ScalarOr(Optional(inputs, 2), float.PositiveInfinity, "max") : attributeMax;
            return BindUnary((x, y) =>
            {
                TensorPrimitives.Max(x, min, y);
                TensorPrimitives.Min(y, max, y);
            })(inputs, constant, outputs);
        };
    }

    // a, b (numpy-broadcastable) → y: the output split into an outer loop and the longest run of trailing axes along
    // which each operand either advances contiguously or stays put (a row, or a scalar per row: per-channel scaling).
    private static Action? BindBinary<TOperator>(OnnxValue?[] inputs, bool[] constant, OnnxValue[] outputs)
        where TOperator : struct, IBinaryOperator
    {
        if (!AllFloat(inputs, 2) || outputs.Length != 1)
        {
            return null;
        }

        var (left, right) = (inputs[0]!.Floats!, inputs[1]!.Floats!);
        var y = outputs[0].Floats!;
        var shape = outputs[0].Shape;
        if (left.Length == y.Length && right.Length == y.Length)
        {
            return () => TOperator.Apply(left, right, y);
        }

        var aStrides = BroadcastStrides(inputs[0]!.Shape, shape);
        var bStrides = BroadcastStrides(inputs[1]!.Shape, shape);
        var axis = shape.Length - 1;
        while (axis >= 0 && shape[axis] == 1)
        {
            axis--;
        }

        if (axis < 0)
        {
            return () => y[0] = TOperator.Apply(left[0], right[0]);
        }

        var aRow = aStrides[axis] != 0;
        var bRow = bStrides[axis] != 0;
        var inner = 1;
        var first = axis;
        for (; first >= 0; first--)
        {
            if (shape[first] != 1 && ((aStrides[first] != 0) != aRow || (bStrides[first] != 0) != bRow))
            {
                break;
            }

            inner *= shape[first];
        }

        // Offsets of each row's operands, computed once (an odometer over the outer axes).
        var rows = y.Length / inner;
        var aOffsets = new int[rows];
        var bOffsets = new int[rows];
        var index = new int[first + 1];
        for (var row = 1; row < rows; row++)
        {
            int aOffset = aOffsets[row - 1], bOffset = bOffsets[row - 1];
            for (var d = first; d >= 0; d--)
            {
                index[d]++;
                aOffset += aStrides[d];
                bOffset += bStrides[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                aOffset -= aStrides[d] * shape[d];
                bOffset -= bStrides[d] * shape[d];
                index[d] = 0;
            }

            aOffsets[row] = aOffset;
            bOffsets[row] = bOffset;
        }

        return (aRow, bRow) switch
        {
            (true, true) => () =>
            {
                for (var row = 0; row < rows; row++)
                {
                    TOperator.Apply(left.AsSpan(aOffsets[row], inner), right.AsSpan(bOffsets[row], inner), y.AsSpan(row * inner, inner));
                }
            }
            ,
            (true, false) => () =>
            {
                for (var row = 0; row < rows; row++)
                {
                    TOperator.Apply(left.AsSpan(aOffsets[row], inner), right[bOffsets[row]], y.AsSpan(row * inner, inner));
                }
            }
            ,
            (false, true) => () =>
            {
                for (var row = 0; row < rows; row++)
                {
                    TOperator.Apply(left[aOffsets[row]], right.AsSpan(bOffsets[row], inner), y.AsSpan(row * inner, inner));
                }
            }
            ,
            _ => () =>
            {
                for (var row = 0; row < rows; row++)
                {
                    y.AsSpan(row * inner, inner).Fill(TOperator.Apply(left[aOffsets[row]], right[bOffsets[row]]));
                }
            }
            ,
        };
    }

    private static StepBinder BindBatchNormalization(OnnxNode node)
    {
        var epsilon = node.Float("epsilon", 1e-5f);
        return (inputs, constant, outputs) =>
        {
            if (!AllFloat(inputs, 5) || !constant[1..5].All(c => c) || inputs[0]!.Rank < 2)
            {
                return null;
            }

            // x (N, C, …), constant scale, B, mean, var (C) → y = x·m + o per channel
            var x = inputs[0]!.Floats!;
            var channels = inputs[0]!.Shape[1];
            var (multiplier, offset) = BatchNormCoefficients(inputs, channels, epsilon);
            var planes = inputs[0]!.Shape[0] * channels;
            var inner = x.Length / Math.Max(planes, 1);
            var y = outputs[0].Floats!;
            return () =>
            {
                for (var plane = 0; plane < planes; plane++)
                {
                    var c = plane % channels;
                    var target = y.AsSpan(plane * inner, inner);
                    TensorPrimitives.Multiply(x.AsSpan(plane * inner, inner), multiplier[c], target);
                    TensorPrimitives.Add(target, offset[c], target);
                }
            };
        };
    }

    private static Action? BindGlobalAveragePool(OnnxValue?[] inputs, bool[] constant, OnnxValue[] outputs)
    {
        if (!AllFloat(inputs, 1) || inputs[0]!.Rank < 3)
        {
            return null;
        }

        // x (N, C, spatial…) → (N, C, 1, …): the mean of each plane
        var x = inputs[0]!.Floats!;
        var y = outputs[0].Floats!;
        var size = x.Length / y.Length;
        return () =>
        {
            for (var plane = 0; plane < y.Length; plane++)
            {
                // Small planes (7×7 at the end of a classifier) cost less summed in place than through a call.
                var values = x.AsSpan(plane * size, size);
                var sum = 0f;
                if (size >= 64)
                {
                    sum = TensorPrimitives.Sum(values);
                }
                else
                {
                    foreach (var value in values)
                    {
                        sum += value;
                    }
                }

                y[plane] = sum / size;
            }
        };
    }

    private static StepBinder BindConcat(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", node.Opset < 4 ? 1 : 0);
        return (inputs, _, outputs) =>
        {
            var parts = inputs.Where(v => v is not null).Select(v => v!.Floats).ToArray();
            if (parts.Length == 0 || parts.Any(p => p is null))
            {
                return null;
            }

            // x_i → y along one axis: per outer index, each part contributes one block of (its axis size × inner) values.
            var y = outputs[0].Floats!;
            var shape = outputs[0].Shape;
            var axis = NormalizeAxis(axisAttribute, shape.Length, "attribute axis");
            var outer = shape[..axis].Aggregate(1, (p, d) => p * d);
            var blocks = parts.Select(p => p!.Length / outer).ToArray();
            var rowLength = y.Length / outer;
            return () =>
            {
                for (var o = 0; o < outer; o++)
                {
                    var target = o * rowLength;
                    for (var p = 0; p < parts.Length; p++)
                    {
                        parts[p].AsSpan(o * blocks[p], blocks[p]).CopyTo(y.AsSpan(target));
                        target += blocks[p];
                    }
                }
            };
        };
    }
}
