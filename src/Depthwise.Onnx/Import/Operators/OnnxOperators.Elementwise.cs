using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>Elementwise operators: activations, Clip, Cast, and the broadcasting arithmetic.</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody Unary(OnnxNode node, Func<float, float> function) => inputs =>
    {
        // x (any shape) → y (same shape)
        var x = RequiredFloat(inputs, 0);
        var source = x.Floats!;
        var result = new float[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = function(source[i]);
        }

        return [OnnxValue.FromFloats(result, x.Shape)];
    };

    private static OperatorBody LeakyRelu(OnnxNode node)
    {
        var alpha = node.Float("alpha", 0.01f);
        return Unary(node, x => x >= 0 ? x : alpha * x);
    }

    private static OperatorBody HardSigmoid(OnnxNode node)
    {
        var alpha = node.Float("alpha", 0.2f);
        var beta = node.Float("beta", 0.5f);
        return Unary(node, x => MathF.Max(0f, MathF.Min(1f, (alpha * x) + beta)));
    }

    private static OperatorBody Dropout(OnnxNode node)
    {
        if (node.HasOutput(1))
        {
            throw node.Error("the mask output is used; only inference Dropout (one output) is supported.");
        }

        return inputs => [Required(inputs, 0)];
    }

    private static OperatorBody Clip(OnnxNode node)
    {
        // Before opset 11 the bounds are attributes; from 11 on they are optional scalar inputs.
        var attributeMin = node.Float("min", float.NegativeInfinity);
        var attributeMax = node.Float("max", float.PositiveInfinity);
        return inputs =>
        {
            var x = RequiredFloat(inputs, 0);
            var min = node.Opset >= 11 ? ScalarOr(Optional(inputs, 1), float.NegativeInfinity, "min") : attributeMin;
            var max = node.Opset >= 11 ? ScalarOr(Optional(inputs, 2), float.PositiveInfinity, "max") : attributeMax;
            var source = x.Floats!;
            var result = new float[source.Length];
            for (var i = 0; i < result.Length; i++)
            {
                // ONNX Clip: min first, then max (so min > max yields max everywhere, as ONNX Runtime does).
                result[i] = MathF.Min(MathF.Max(source[i], min), max);
            }

            return [OnnxValue.FromFloats(result, x.Shape)];
        };
    }

    private static float ScalarOr(OnnxValue? value, float defaultValue, string what)
    {
        if (value is null)
        {
            return defaultValue;
        }

        if (value.Length != 1)
        {
            throw new OnnxModelException($"{what} has shape {OnnxValue.Format(value.Shape)}; expected a scalar.");
        }

        return value.AsFloats()[0];
    }

    private static OperatorBody Cast(OnnxNode node)
    {
        var to = (DataType)node.Int("to", 0);
        var toFloat = TensorDecoder.IsFloatType(to);
        if (!toFloat && to is not (DataType.Int64 or DataType.Int32 or DataType.Int16 or DataType.Int8 or DataType.Uint8 or DataType.Uint16
            or DataType.Uint32 or DataType.Uint64 or DataType.Bool))
        {
            throw node.Error($"attribute to is {to}; expected a float or integer type.");
        }

        return inputs =>
        {
            var x = Required(inputs, 0);
            if (toFloat)
            {
                var floats = x.AsFloats();
                if (to == DataType.Float16)
                {
                    floats = [.. floats.Select(f => (float)(Half)f)];
                }

                return [OnnxValue.FromFloats(floats, x.Shape)];
            }

            var longs = x.AsLongs();
            if (to == DataType.Bool)
            {
                longs = x.IsFloat ? [.. x.Floats!.Select(f => f != 0 ? 1L : 0L)] : [.. longs.Select(v => v != 0 ? 1L : 0L)];
            }

            return [OnnxValue.FromLongs(longs, x.Shape)];
        };
    }

    private static OperatorBody Binary<TOperator>(OnnxNode node, Func<long, long, long> longFunction)
        where TOperator : struct, IBinaryOperator => inputs =>
    {
        // a, b (numpy-broadcastable shapes) → y (broadcast shape)
        var a = Required(inputs, 0);
        var b = Required(inputs, 1);
        var shape = BroadcastShape(a.Shape, b.Shape);
        if (a.IsFloat || b.IsFloat)
        {
            if (a.IsFloat != b.IsFloat)
            {
                throw new OnnxModelException($"inputs are {a} and {b}; expected both float or both int64.");
            }

            return [OnnxValue.FromFloats(Broadcast<float, TOperator>(a.Floats!, a.Shape, b.Floats!, b.Shape, shape), shape)];
        }

        return [OnnxValue.FromLongs(Broadcast<long, LongFunction>(a.Longs!, a.Shape, b.Longs!, b.Shape, shape, new LongFunction(longFunction)), shape)];
    };

    private static long IntegerDivide(long a, long b) =>
        b == 0 ? throw new OnnxModelException("integer division by zero.") : a == long.MinValue && b == -1 ? long.MinValue : a / b;

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // Abramowitz & Stegun 7.1.26 is too coarse for 1e-6 agreement; this uses the erfc continued-fraction-free
    // Numerical Recipes form (fractional error < 1.2e-7 everywhere), evaluated in double.
    private static float Erf(float x)
    {
        double z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        double[] coefficients = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
        var polynomial = 0.0;
        foreach (var coefficient in coefficients)
        {
            polynomial = (polynomial * t) + coefficient;
        }

        var tau = t * Math.Exp(-(z * z) + polynomial);
        var result = 1.0 - tau;
        return (float)(x >= 0 ? result : -result);
    }

    private static int[] BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new OnnxModelException($"shapes {OnnxValue.Format(a)} and {OnnxValue.Format(b)} do not broadcast (axis {i}: {da} vs {db}).");
            }

            shape[i] = da == 1 ? db : da;
        }

        OnnxValue.ElementCount(shape);
        return shape;
    }

    // Strides of an input seen through the broadcast output shape: 0 along axes it repeats.
    private static int[] BroadcastStrides(int[] shape, int[] output)
    {
        var strides = new int[output.Length];
        var own = Strides(shape);
        var offset = output.Length - shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            strides[i + offset] = shape[i] == 1 ? 0 : own[i];
        }

        return strides;
    }

    // The delegate form, for the cold paths (int64 shape arithmetic, parameter expansion).
    private static T[] Broadcast<T>(T[] a, int[] aShape, T[] b, int[] bShape, int[] shape, Func<T, T, T> function) =>
        Broadcast<T, DelegateOperator<T>>(a, aShape, b, bShape, shape, new DelegateOperator<T>(function));

    private static float[] Broadcast<T, TOperator>(float[] a, int[] aShape, float[] b, int[] bShape, int[] shape)
        where TOperator : struct, IBinaryOperator =>
        Broadcast<float, FloatOperator<TOperator>>(a, aShape, b, bShape, shape, default);

    // The operator is a struct so the JIT specializes and inlines it in the loops below.
    private static T[] Broadcast<T, TFunction>(T[] a, int[] aShape, T[] b, int[] bShape, int[] shape, TFunction function)
        where TFunction : struct, IElementFunction<T>
    {
        var result = new T[OnnxValue.ElementCount(shape)];
        if (result.Length == 0)
        {
            return result;
        }

        if (a.Length == result.Length && b.Length == result.Length)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = function.Apply(a[i], b[i]);
            }

            return result;
        }

        var rank = shape.Length;
        var aStrides = BroadcastStrides(aShape, shape);
        var bStrides = BroadcastStrides(bShape, shape);
        var inner = rank == 0 ? 1 : shape[rank - 1];
        var aInner = rank == 0 ? 0 : aStrides[rank - 1];
        var bInner = rank == 0 ? 0 : bStrides[rank - 1];
        var index = new int[Math.Max(rank - 1, 0)];
        int aOffset = 0, bOffset = 0;
        for (var start = 0; start < result.Length; start += inner)
        {
            for (int j = 0, ia = aOffset, ib = bOffset; j < inner; j++, ia += aInner, ib += bInner)
            {
                result[start + j] = function.Apply(a[ia], b[ib]);
            }

            // Odometer over the outer axes, last outer axis fastest.
            for (var axis = index.Length - 1; axis >= 0; axis--)
            {
                index[axis]++;
                aOffset += aStrides[axis];
                bOffset += bStrides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                aOffset -= aStrides[axis] * shape[axis];
                bOffset -= bStrides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }

    private interface IElementFunction<T>
    {
        T Apply(T a, T b);
    }

    private readonly struct FloatOperator<TOperator> : IElementFunction<float>
        where TOperator : struct, IBinaryOperator
    {
        public float Apply(float a, float b) => TOperator.Apply(a, b);
    }

    private readonly struct DelegateOperator<T>(Func<T, T, T> function) : IElementFunction<T>
    {
        public T Apply(T a, T b) => function(a, b);
    }

    private readonly struct LongFunction(Func<long, long, long> function) : IElementFunction<long>
    {
        public long Apply(long a, long b) => function(a, b);
    }
}
