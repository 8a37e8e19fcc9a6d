namespace Depthwise.Onnx.Import.Operators;

/// <summary>BatchNormalization (inference), LayerNormalization, Softmax and ReduceMean.</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody BatchNormalization(OnnxNode node)
    {
        var epsilon = node.Float("epsilon", 1e-5f);
        if (node.Int("training_mode", 0) != 0 || Enumerable.Range(1, Math.Max(0, node.OutputCount - 1)).Any(node.HasOutput))
        {
            throw node.Error("training mode (running mean/variance outputs) is not supported; only inference.");
        }

        return inputs =>
        {
            // x (N, C, …), scale, B, mean, var (C) → y = (x − mean) / sqrt(var + ε) · scale + B
            var x = RequiredFloat(inputs, 0);
            if (x.Rank < 2)
            {
                throw new OnnxModelException($"input X is {x}; expected (N, C, …).");
            }

            var channels = x.Shape[1];
            var (multiplier, offset) = BatchNormCoefficients(inputs, channels, epsilon);
            var inner = x.Shape[2..].Aggregate(1, (p, d) => p * d);
            var result = new float[x.Length];
            for (var i = 0; i < result.Length; i++)
            {
                var c = i / inner % channels;
                result[i] = (x.Floats![i] * multiplier[c]) + offset[c];
            }

            return [OnnxValue.FromFloats(result, x.Shape)];
        };
    }

    /// <summary>Per-channel multiplier and offset of an inference BatchNormalization: y = x·m + o.</summary>
    internal static (float[] Multiplier, float[] Offset) BatchNormCoefficients(OnnxValue?[] inputs, int channels, float epsilon)
    {
        var parameters = new float[4][];
        string[] names = ["scale", "B", "mean", "var"];
        for (var k = 0; k < 4; k++)
        {
            var value = RequiredFloat(inputs, k + 1);
            if (value.Length != channels)
            {
                throw new OnnxModelException($"{names[k]} is {value}; expected ({channels}).");
            }

            parameters[k] = value.Floats!;
        }

        var multiplier = new float[channels];
        var offset = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            multiplier[c] = parameters[0][c] / MathF.Sqrt(parameters[3][c] + epsilon);
            offset[c] = parameters[1][c] - (parameters[2][c] * multiplier[c]);
        }

        return (multiplier, offset);
    }

    private static OperatorBody LayerNormalization(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", -1);
        var epsilon = node.Float("epsilon", 1e-5f);
        if (node.HasOutput(1) || node.HasOutput(2))
        {
            throw node.Error("the Mean and InvStdDev outputs are not supported; only Y.");
        }

        return inputs =>
        {
            // x (d0..dr-1), scale and B broadcast over (d_axis..dr-1) → normalized over those axes
            var x = RequiredFloat(inputs, 0);
            var axis = NormalizeAxis(axisAttribute, x.Rank, "attribute axis");
            var size = x.Shape[axis..].Aggregate(1, (p, d) => p * d);
            var normalizedShape = x.Shape[axis..];
            var scale = ExpandTo(RequiredFloat(inputs, 1), normalizedShape, "scale");
            var bias = Optional(inputs, 2) is { } b ? ExpandTo(b, normalizedShape, "B") : new float[size];
            var result = new float[x.Length];
            for (var start = 0; start < x.Length; start += size)
            {
                var row = x.Floats.AsSpan(start, size);
                double mean = 0;
                foreach (var v in row)
                {
                    mean += v;
                }

                mean /= size;
                double variance = 0;
                foreach (var v in row)
                {
                    variance += (v - mean) * (v - mean);
                }

                variance /= size;
                var inverse = 1.0 / Math.Sqrt(variance + epsilon);
                for (var i = 0; i < size; i++)
                {
                    result[start + i] = (float)((row[i] - mean) * inverse) * scale[i] + bias[i];
                }
            }

            return [OnnxValue.FromFloats(result, x.Shape)];
        };
    }

    // LayerNormalization's scale and B cover the normalized axes exactly, or are one value for all of them.
    private static float[] ExpandTo(OnnxValue value, int[] shape, string what)
    {
        var size = shape.Aggregate(1, (p, d) => p * d);
        if (!value.IsFloat || (value.Length != size && value.Length != 1))
        {
            throw new OnnxModelException($"{what} is {value}; expected float {OnnxValue.Format(shape)}.");
        }

        return value.Length == size ? value.Floats! : Enumerable.Repeat(value.Floats![0], size).ToArray();
    }

    private static OperatorBody Softmax(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", node.Opset >= 13 ? -1 : 1);
        return inputs =>
        {
            // x → softmax along axis (opset ≥ 13) or over the flattened axes [axis, …) (opset < 13)
            var x = RequiredFloat(inputs, 0);
            var axis = NormalizeAxis(axisAttribute, x.Rank, "attribute axis");
            int size, inner;
            if (node.Opset >= 13)
            {
                size = x.Shape[axis];
                inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
            }
            else
            {
                size = x.Shape[axis..].Aggregate(1, (p, d) => p * d);
                inner = 1;
            }

            var result = new float[x.Length];
            var outer = size * inner == 0 ? 0 : x.Length / (size * inner);
            for (var o = 0; o < outer; o++)
            {
                for (var j = 0; j < inner; j++)
                {
                    var start = (o * size * inner) + j;
                    var max = float.NegativeInfinity;
                    for (var k = 0; k < size; k++)
                    {
                        max = MathF.Max(max, x.Floats![start + (k * inner)]);
                    }

                    double sum = 0;
                    for (var k = 0; k < size; k++)
                    {
                        var e = MathF.Exp(x.Floats![start + (k * inner)] - max);
                        result[start + (k * inner)] = e;
                        sum += e;
                    }

                    for (var k = 0; k < size; k++)
                    {
                        result[start + (k * inner)] = (float)(result[start + (k * inner)] / sum);
                    }
                }
            }

            return [OnnxValue.FromFloats(result, x.Shape)];
        };
    }

    private static OperatorBody ReduceMean(OnnxNode node)
    {
        var keepDims = node.Int("keepdims", 1) != 0;
        var noopWithEmptyAxes = node.Int("noop_with_empty_axes", 0) != 0;
        var attributeAxes = node.Ints("axes");
        return inputs =>
        {
            // x → mean over the axes (all axes when none are given), kept as size 1 when keepdims
            var x = RequiredFloat(inputs, 0);
            var axes = node.Opset >= 18 ? Optional(inputs, 1)?.AsLongs() : attributeAxes;
            if ((axes is null || axes.Length == 0) && noopWithEmptyAxes)
            {
                return [x];
            }

            var reduce = new bool[x.Rank];
            foreach (var a in axes is { Length: > 0 } ? axes : Enumerable.Range(0, x.Rank).Select(i => (long)i))
            {
                reduce[NormalizeAxis(a, x.Rank, "reduce axis")] = true;
            }

            var keptShape = x.Shape.Select((d, i) => reduce[i] ? 1 : d).ToArray();
            var sums = new double[OnnxValue.ElementCount(keptShape)];
            var keptStrides = Strides(keptShape);
            var index = new int[x.Rank];
            for (var i = 0; i < x.Length; i++)
            {
                var target = 0;
                for (var axis = 0; axis < x.Rank; axis++)
                {
                    target += reduce[axis] ? 0 : index[axis] * keptStrides[axis];
                }

                sums[target] += x.Floats![i];
                for (var axis = x.Rank - 1; axis >= 0; axis--)
                {
                    if (++index[axis] < x.Shape[axis])
                    {
                        break;
                    }

                    index[axis] = 0;
                }
            }

            var count = sums.Length == 0 ? 1 : x.Length / sums.Length;
            var result = sums.Select(s => (float)(s / Math.Max(count, 1))).ToArray();
            var shape = keepDims ? keptShape : x.Shape.Where((_, i) => !reduce[i]).ToArray();
            return [OnnxValue.FromFloats(result, shape)];
        };
    }
}
