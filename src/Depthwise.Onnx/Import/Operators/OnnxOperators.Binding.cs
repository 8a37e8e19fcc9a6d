using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;
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
        ["Add"] = node => BindBinary<AddOperator>(Workers(node)),
        ["Sub"] = node => BindBinary<SubtractOperator>(Workers(node)),
        ["Mul"] = node => BindBinary<MultiplyOperator>(Workers(node)),
        ["Div"] = node => BindBinary<DivideOperator>(Workers(node)),
        ["Relu"] = node => BindUnary(node, (x, y) => TensorPrimitives.Max(x, 0f, y)),
        ["Sigmoid"] = node => BindUnary(node, TensorPrimitives.Sigmoid),
        ["HardSigmoid"] = BindHardSigmoid,
        ["HardSwish"] = node => BindUnary(node, HardSwish),
        ["Clip"] = BindClip,
        ["BatchNormalization"] = BindBatchNormalization,
        ["GlobalAveragePool"] = node => BindGlobalAveragePool(Workers(node)),
        ["Resize"] = BindResize,
        ["Upsample"] = BindResize,
        ["Concat"] = BindConcat,
        ["Gemm"] = BindGemm,
    };

    // Bound kernels that read each element before writing the same element (HardSwish reads x after writing y: not here).
    private static readonly HashSet<string> InPlaceBinders = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "HardSigmoid", "Clip", "BatchNormalization", ScaleShiftOp, GatedResidualOp,
    };

    /// <summary>Whether the op type's bound kernel may write its output over an input of the same length.</summary>
    public static bool BindsInPlace(string opType) => InPlaceBinders.Contains(opType);

    /// <summary>The node's binder, or null when its op type has none (its body then runs on every call).</summary>
    public static StepBinder? CompileBinder(OnnxNode node) =>
        node.Domain == FusedDomain ? (FusedOperators.TryGetValue(node.OpType, out var fused) ? fused.Binder(node) : null)
        : Binders.TryGetValue(node.OpType, out var factory) ? factory(node) : null;

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

    // Elements per part below which splitting a memory-bound pass across threads costs more than it saves.
    private const int Grain = 1 << 15;

    // Elements a multi-pass unary function handles at a time (16 KiB of input and of output).
    private const int UnaryBlock = 4096;

    private static int Workers(OnnxNode node) => Parallelism.Resolve(node.Threads);

    /// <summary>How many parts to split <paramref name="total"/> units into: about two per thread, none below <paramref name="grain"/> units.</summary>
    internal static int Parts(long total, int threads, long grain) =>
        threads <= 1 ? 1 : (int)Math.Clamp(total / Math.Max(grain, 1), 1, threads * 2);

    /// <summary>
    /// Runs range(part, start, count) over [0, <paramref name="total"/>) in <paramref name="parts"/> contiguous parts on
    /// the worker pool (the calling thread included); each unit is computed by one part, so results do not depend on
    /// the split. The returned action allocates nothing.
    /// </summary>
    internal static Action Split(int total, int parts, int threads, Action<int, int, int> range)
    {
        if (parts <= 1)
        {
            return () => range(0, 0, total);
        }

        Action<int> part = index =>
        {
            var start = (int)((long)total * index / parts);
            range(index, start, (int)((long)total * (index + 1) / parts) - start);
        };
        return () => Parallelism.For(parts, threads, part);
    }

    private static Action Split(int total, int threads, long grain, Action<int, int> range) =>
        Split(total, Parts(total, threads, grain), threads, (_, start, count) => range(start, count));

    private static StepBinder BindUnary(OnnxNode node, Action<ReadOnlySpan<float>, Span<float>> function) => BindUnary(Workers(node), function);

    private static StepBinder BindUnary(int threads, Action<ReadOnlySpan<float>, Span<float>> function) => (inputs, _, outputs) =>
    {
        if (!AllFloat(inputs, 1) || outputs.Length != 1 || outputs[0].Length != inputs[0]!.Length)
        {
            return null;
        }

        // x (any shape) → y (same shape)
        var x = inputs[0]!.Floats!;
        var y = outputs[0].Floats!;
        return Split(y.Length, threads, Grain, (start, count) =>
        {
            // Functions of several passes (HardSwish: five) make each pass over a block that stays in the L1 cache.
            for (var block = start; block < start + count; block += UnaryBlock)
            {
                var length = Math.Min(UnaryBlock, start + count - block);
                function(x.AsSpan(block, length), y.AsSpan(block, length));
            }
        });
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
        return BindUnary(node, (x, y) =>
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
            return BindUnary(node, (x, y) =>
            {
                TensorPrimitives.Max(x, min, y);
                TensorPrimitives.Min(y, max, y);
            })(inputs, constant, outputs);
        };
    }

    // a, b (numpy-broadcastable) → y: the output split into an outer loop and the longest run of trailing axes along
    // which each operand either advances contiguously or stays put (a row, or a scalar per row: per-channel scaling).
    private static StepBinder BindBinary<TOperator>(int threads)
        where TOperator : struct, IBinaryOperator => (inputs, _, outputs) => BindBinary<TOperator>(inputs, outputs, threads);

    private static Action? BindBinary<TOperator>(OnnxValue?[] inputs, OnnxValue[] outputs, int threads)
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
            return Split(y.Length, threads, Grain, (start, count) => TOperator.Apply(left.AsSpan(start, count), right.AsSpan(start, count), y.AsSpan(start, count)));
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

        var grain = Math.Max(1, Grain / inner);
        return (aRow, bRow) switch
        {
            (true, true) => Split(rows, threads, grain, (first, count) =>
            {
                for (var row = first; row < first + count; row++)
                {
                    TOperator.Apply(left.AsSpan(aOffsets[row], inner), right.AsSpan(bOffsets[row], inner), y.AsSpan(row * inner, inner));
                }
            }),
            (true, false) => Split(rows, threads, grain, (first, count) =>
            {
                for (var row = first; row < first + count; row++)
                {
                    TOperator.Apply(left.AsSpan(aOffsets[row], inner), right[bOffsets[row]], y.AsSpan(row * inner, inner));
                }
            }),
            (false, true) => Split(rows, threads, grain, (first, count) =>
            {
                for (var row = first; row < first + count; row++)
                {
                    TOperator.Apply(left[aOffsets[row]], right.AsSpan(bOffsets[row], inner), y.AsSpan(row * inner, inner));
                }
            }),
            _ => Split(rows, threads, grain, (first, count) =>
            {
                for (var row = first; row < first + count; row++)
                {
                    y.AsSpan(row * inner, inner).Fill(TOperator.Apply(left[aOffsets[row]], right[bOffsets[row]]));
                }
            }),
        };
    }

    private static StepBinder BindBatchNormalization(OnnxNode node)
    {
        var epsilon = node.Float("epsilon", 1e-5f);
        var threads = Workers(node);
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
            return Split(planes, threads, Math.Max(1, Grain / Math.Max(inner, 1)), (first, count) =>
            {
                for (var plane = first; plane < first + count; plane++)
                {
                    var c = plane % channels;
                    var target = y.AsSpan(plane * inner, inner);
                    TensorPrimitives.Multiply(x.AsSpan(plane * inner, inner), multiplier[c], target);
                    TensorPrimitives.Add(target, offset[c], target);
                }
            });
        };
    }

    private static StepBinder BindGlobalAveragePool(int threads) => (inputs, _, outputs) => BindGlobalAveragePool(inputs, outputs, threads);

    private static Action? BindGlobalAveragePool(OnnxValue?[] inputs, OnnxValue[] outputs, int threads)
    {
        if (!AllFloat(inputs, 1) || inputs[0]!.Rank < 3)
        {
            return null;
        }

        // x (N, C, spatial…) → (N, C, 1, …): the mean of each plane
        var x = inputs[0]!.Floats!;
        var y = outputs[0].Floats!;
        var size = x.Length / y.Length;
        return Split(y.Length, threads, Math.Max(1, PoolingGrain / size), (first, count) =>
        {
            var plane = first;
            if (size < 64)
            {
                // Small planes (7×7 before a classifier): eight at a time, each summed in order, so that eight chains
                // of dependent adds overlap (one plane after another, each add waits for the previous one).
                for (; plane + PooledPlanes <= first + count; plane += PooledPlanes)
                {
                    SumPlanes(x.AsSpan(plane * size, PooledPlanes * size), size, y.AsSpan(plane, PooledPlanes));
                }
            }

            for (; plane < first + count; plane++)
            {
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
        });
    }

    // Elements per part of GlobalAveragePool: its chains of dependent adds cost ≈ 0.6 cycle per element, several times a
    // memory-bound pass, so smaller parts pay (MobileNetV2's 1280 × 7² pool took 14 µs on one thread of two).
    private const int PoolingGrain = Grain / 4;

    // Planes GlobalAveragePool sums side by side.
    private const int PooledPlanes = 8;

    // planes (8, size) → means (8): each plane's values added in order from 0, as the one-plane loop does.
    private static void SumPlanes(ReadOnlySpan<float> planes, int size, Span<float> means)
    {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        var p0 = planes[..size];
        var p1 = planes.Slice(size, size);
        var p2 = planes.Slice(2 * size, size);
        var p3 = planes.Slice(3 * size, size);
        var p4 = planes.Slice(4 * size, size);
        var p5 = planes.Slice(5 * size, size);
        var p6 = planes.Slice(6 * size, size);
        var p7 = planes.Slice(7 * size, size);
        for (var i = 0; i < size; i++)
        {
            s0 += p0[i];
            s1 += p1[i];
            s2 += p2[i];
            s3 += p3[i];
            s4 += p4[i];
            s5 += p5[i];
            s6 += p6[i];
            s7 += p7[i];
        }

        means[0] = s0 / size;
        means[1] = s1 / size;
        means[2] = s2 / size;
        means[3] = s3 / size;
        means[4] = s4 / size;
        means[5] = s5 / size;
        means[6] = s6 / size;
        means[7] = s7 / size;
    }

    private static StepBinder BindConcat(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", node.Opset < 4 ? 1 : 0);
        var threads = Workers(node);
        return (inputs, _, outputs) =>
        {
            var parts = inputs.Where(v => v is not null).Select(v => v!.Floats).ToArray();
            if (parts.Length == 0 || parts.Any(p => p is null))
            {
                return null;
            }

            // x_i → y along one axis: per outer index, each part contributes one block of (its axis size × inner) values,
            // so y is a sequence of copied segments; the output is split into ranges that copy the pieces of them they cover.
            var y = outputs[0].Floats!;
            var shape = outputs[0].Shape;
            var axis = NormalizeAxis(axisAttribute, shape.Length, "attribute axis");
            var outer = shape[..axis].Aggregate(1, (p, d) => p * d);
            var blocks = parts.Select(p => p!.Length / outer).ToArray();
            var segments = outer * parts.Length;
            var targetStarts = new int[segments];
            var sources = new float[segments][];
            var sourceStarts = new int[segments];
            var target = 0;
            for (var o = 0; o < outer; o++)
            {
                for (var p = 0; p < parts.Length; p++)
                {
                    var segment = (o * parts.Length) + p;
                    (targetStarts[segment], sources[segment], sourceStarts[segment]) = (target, parts[p]!, o * blocks[p]);
                    target += blocks[p];
                }
            }

            return Split(y.Length, threads, Grain, (start, count) =>
            {
                var end = start + count;
                var segment = Array.BinarySearch(targetStarts, start);
                segment = segment >= 0 ? segment : ~segment - 1;
                for (; segment < segments && targetStarts[segment] < end; segment++)
                {
                    var segmentEnd = segment + 1 < segments ? targetStarts[segment + 1] : y.Length;
                    var from = Math.Max(start, targetStarts[segment]);
                    var to = Math.Min(end, segmentEnd);
                    sources[segment].AsSpan(sourceStarts[segment] + (from - targetStarts[segment]), to - from).CopyTo(y.AsSpan(from));
                }
            });
        };
    }
}
