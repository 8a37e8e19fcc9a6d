using System.Numerics;
using Depthwise.Kernels;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>Gemm and MatMul.</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody Gemm(OnnxNode node)
    {
        var alpha = node.Float("alpha", 1f);
        var beta = node.Float("beta", 1f);
        var transposeA = node.Int("transA", 0) != 0;
        var transposeB = node.Int("transB", 0) != 0;
        return inputs =>
        {
            // A (M, K) or (K, M) with transA, B (K, N) or (N, K) with transB, C (broadcast to (M, N)) → alpha·A·B + beta·C
            var a = RequiredFloat(inputs, 0);
            var b = RequiredFloat(inputs, 1);
            RequireRank(a, 2, "input A");
            RequireRank(b, 2, "input B");
            int m = transposeA ? a.Shape[1] : a.Shape[0], k = transposeA ? a.Shape[0] : a.Shape[1];
            int kb = transposeB ? b.Shape[1] : b.Shape[0], n = transposeB ? b.Shape[0] : b.Shape[1];
            if (k != kb)
            {
                throw new OnnxModelException($"inputs A {a} and B {b} have inner sizes {k} and {kb} (transA {transposeA}, transB {transposeB}).");
            }

            int[] shape = [m, n];
            var result = new float[OnnxValue.ElementCount(shape)];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var sum = 0f;
                    for (var p = 0; p < k; p++)
                    {
                        var left = transposeA ? a.Floats![(p * m) + i] : a.Floats![(i * k) + p];
                        var right = transposeB ? b.Floats![(j * k) + p] : b.Floats![(p * n) + j];
                        sum += left * right;
                    }

                    result[(i * n) + j] = alpha * sum;
                }
            }

            if (Optional(inputs, 2) is { } c && beta != 0)
            {
                var scaled = Broadcast(c.AsFloats(), c.Shape, result, shape, BroadcastShape(c.Shape, shape), (x, _) => beta * x);
                if (scaled.Length != result.Length)
                {
                    throw new OnnxModelException($"input C {c} does not broadcast to ({m}, {n}).");
                }

                for (var i = 0; i < result.Length; i++)
                {
                    result[i] += scaled[i];
                }
            }

            return [OnnxValue.FromFloats(result, shape)];
        };
    }

    private static OperatorBody MatMul(OnnxNode node) => inputs =>
    {
        // a (…, M, K), b (…, K, N) with numpy batch broadcasting and 1-D promotion → (…, M, N)
        var a = RequiredFloat(inputs, 0);
        var b = RequiredFloat(inputs, 1);
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new OnnxModelException($"inputs {a} and {b}: MatMul needs at least 1-D inputs.");
        }

        var aShape = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        var bShape = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        int m = aShape[^2], k = aShape[^1], n = bShape[^1];
        if (bShape[^2] != k)
        {
            throw new OnnxModelException($"inputs {a} and {b} have inner sizes {k} and {bShape[^2]}.");
        }

        var batchShape = BroadcastShape(aShape[..^2], bShape[..^2]);
        var batches = OnnxValue.ElementCount(batchShape);
        int[] fullShape = [.. batchShape, m, n];
        var result = new float[OnnxValue.ElementCount(fullShape)];

        // Map each output batch to the batch of a and b it reads (0 stride along broadcast axes).
        var aBatch = BroadcastIndex(aShape[..^2], batchShape);
        var bBatch = BroadcastIndex(bShape[..^2], batchShape);
        for (var batch = 0; batch < batches; batch++)
        {
            var aOffset = aBatch[batch] * m * k;
            var bOffset = bBatch[batch] * k * n;
            var yOffset = batch * m * n;
            for (var i = 0; i < m; i++)
            {
                var row = result.AsSpan(yOffset + (i * n), n);
                for (var p = 0; p < k; p++)
                {
                    MultiplyAdd(a.Floats![aOffset + (i * k) + p], b.Floats.AsSpan(bOffset + (p * n), n), row);
                }
            }
        }

        int[] shape = a.Rank == 1 && b.Rank == 1 ? []
            : a.Rank == 1 ? [.. batchShape, n]
            : b.Rank == 1 ? [.. batchShape, m]
            : fullShape;
        return [OnnxValue.FromFloats(result, shape)];
    };

    // For each element of the broadcast batch shape, the flat index of the element of `shape` it reads.
    private static int[] BroadcastIndex(int[] shape, int[] batchShape)
    {
        var count = OnnxValue.ElementCount(batchShape);
        var indices = new int[count];
        var positions = Enumerable.Range(0, OnnxValue.ElementCount(shape)).ToArray();
        return count == 0 ? indices : Broadcast(positions, shape, indices, batchShape, batchShape, (p, _) => p);
    }

    // row += left · right, a vector at a time (each element's sum still runs over p in order, so results match the scalar loop's order).
    private static void MultiplyAdd(float left, ReadOnlySpan<float> right, Span<float> row)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            var scale = new Vector<float>(left);
            for (; j <= row.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                var sum = new Vector<float>(row[j..]) + (scale * new Vector<float>(right[j..]));
                sum.CopyTo(row[j..]);
            }
        }

        for (; j < row.Length; j++)
        {
            row[j] += left * right[j];
        }
    }

    // A (M, K) times a constant B, plus a constant C: B packed once into MatrixVectorKernel's panels (as (N, K) rows,
    // read as one stream per panel while A's row is broadcast), each row of A a matrix-vector product; beta·C broadcast
    // to (M, N) once. Threads split the panels, so each output is computed by one thread in one order.
    private static StepBinder BindGemm(OnnxNode node)
    {
        var alpha = node.Float("alpha", 1f);
        var beta = node.Float("beta", 1f);
        var transposeA = node.Int("transA", 0) != 0;
        var transposeB = node.Int("transB", 0) != 0;
        var threads = Workers(node);
        return (inputs, constant, outputs) =>
        {
            if (transposeA || !AllFloat(inputs, 2) || !constant[1] || (inputs.Length > 2 && !constant[2]) || inputs[0]!.Rank != 2 || inputs[1]!.Rank != 2)
            {
                return null;
            }

            // A (M, K), B (K, N) or transposed (N, K), C broadcast to (M, N) → Y (M, N)
            var a = inputs[0]!.Floats!;
            var b = inputs[1]!.Floats!;
            int m = inputs[0]!.Shape[0], k = inputs[0]!.Shape[1], n = outputs[0].Shape[1];
            var lanes = SimdWidth.Widest;
            var packed = MatrixVectorKernel.Pack(n, k, lanes, transposeB ? (j, p) => b[(j * k) + p] : (j, p) => b[(p * n) + j]);
            var panelRows = MatrixVectorKernel.PanelRows(lanes);

            int[] shape = [m, n];
            var offset = Optional(inputs, 2) is { } c && beta != 0
                ? Broadcast(c.AsFloats(), c.Shape, new float[m * n], shape, BroadcastShape(c.Shape, shape), (x, _) => beta * x)
                : new float[m * n];
            var y = outputs[0].Floats!;
            return Split(MatrixVectorKernel.Panels(n, lanes), threads, Math.Max(1, Grain / ((long)k * panelRows)), (first, count) =>
            {
                var start = first * panelRows;
                var end = Math.Min(n, (first + count) * panelRows);
                for (var i = 0; i < m; i++)
                {
                    var row = y.AsSpan(i * n, n);
                    MatrixVectorKernel.Run(packed, k, a.AsSpan(i * k, k), row, n, first, first + count, lanes);
                    for (var j = start; j < end; j++)
                    {
                        row[j] = (alpha * row[j]) + offset[(i * n) + j];
                    }
                }
            });
        };
    }
}
