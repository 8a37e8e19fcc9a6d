using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// y = W · x for a constant matrix W (rows, depth) and one vector x at a time: a classifier layer on one image
/// (MobileNetV2's 1280 → 1000, 5 MB of weights read once per call). Memory-bound, so the weights are packed once into
/// panels of four registers' worth of rows, (depth, panel rows) each, and a panel is read as one contiguous stream while
/// x[k] is broadcast: four independent accumulators, no horizontal sums. A dot product per row instead reads 1000
/// separate row streams and reduces each at its end (measured 189 µs against ONNX Runtime's 98 µs for that layer).
/// </summary>
/// <remarks>
/// Every y[r] is 0 followed by one FMA per k in increasing order, whatever the vector width, the panel or the thread,
/// so the bits depend on neither the tier nor the split.
/// </remarks>
internal static unsafe class MatrixVectorKernel
{
    // How far ahead of the loads the weights are prefetched: one 4 KiB page, so the next page's lines are on their way
    // before the stream reaches it (the hardware prefetchers restart at every page). 1000 × 1280, one thread: with the
    // weights in DRAM, as they often are after the rest of a network has run (8 rotating copies), 143–242 → 108–174 µs;
    // from L3 53.5–62 → 47–55 µs (docs/onnx.md, session 16).
    private const int PrefetchFloats = 4096 / sizeof(float);

    /// <summary>Rows per panel at the given vector width: four registers.</summary>
    /// <param name="lanes">Floats per register (16, 8, 4 or 1).</param>
    public static int PanelRows(int lanes) => 4 * lanes;

    /// <summary>Panels covering <paramref name="rows"/> rows (the last one padded with zero rows).</summary>
    /// <param name="rows">Rows of W.</param>
    /// <param name="lanes">Floats per register.</param>
    public static int Panels(int rows, int lanes) => (rows + PanelRows(lanes) - 1) / PanelRows(lanes);

    /// <summary>
    /// Packs W into panels: panel p holds rows [p·P, p·P + P) as (depth, P), P = <see cref="PanelRows"/>; rows past the
    /// end are zeros. <paramref name="element"/>(r, k) gives W[r, k], so a caller holding W transposed packs it directly.
    /// </summary>
    /// <param name="rows">Rows of W (outputs).</param>
    /// <param name="depth">Columns of W (the length of x).</param>
    /// <param name="lanes">Floats per register of the tier that will run it.</param>
    /// <param name="element">W[r, k].</param>
    /// <returns>Panels · depth · P floats.</returns>
    public static float[] Pack(int rows, int depth, int lanes, Func<int, int, float> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var panelRows = PanelRows(lanes);
        var packed = new float[(long)Panels(rows, lanes) * depth * panelRows];
        for (var row = 0; row < rows; row++)
        {
            var panelStart = (long)(row / panelRows) * depth * panelRows;
            var lane = row % panelRows;
            for (var k = 0; k < depth; k++)
            {
                packed[panelStart + ((long)k * panelRows) + lane] = element(row, k);
            }
        }

        return packed;
    }

    /// <summary>y[r] = Σ_k W[r, k] · x[k] for the rows of panels [<paramref name="firstPanel"/>, <paramref name="endPanel"/>).</summary>
    /// <param name="packed">W packed by <see cref="Pack"/> at <paramref name="lanes"/>.</param>
    /// <param name="depth">Length of x.</param>
    /// <param name="x">The vector, <paramref name="depth"/> floats.</param>
    /// <param name="y">The output, <paramref name="rows"/> floats; only the panels' rows are written.</param>
    /// <param name="rows">Rows of W.</param>
    /// <param name="firstPanel">First panel to compute.</param>
    /// <param name="endPanel">One past the last panel.</param>
    /// <param name="lanes">The tier W was packed for: <see cref="SimdWidth.Widest"/>, or narrower.</param>
    public static void Run(ReadOnlySpan<float> packed, int depth, ReadOnlySpan<float> x, Span<float> y, int rows, int firstPanel, int endPanel, int lanes)
    {
        // packed (panels, depth, P), x (depth) → y (rows), panels [first, end)
        if (packed.Length < (long)Panels(rows, lanes) * depth * PanelRows(lanes) || x.Length < depth || y.Length < rows
            || firstPanel < 0 || endPanel > Panels(rows, lanes) || firstPanel > endPanel)
        {
            throw new ArgumentException($"a {rows}×{depth} matrix at {lanes} lanes, panels [{firstPanel}, {endPanel}), does not fit spans of {packed.Length}, {x.Length} and {y.Length} floats.", nameof(packed));
        }

        fixed (float* packedStart = packed)
        fixed (float* xStart = x)
        fixed (float* yStart = y)
        {
            switch (lanes)
            {
                case 16 when Vector512.IsHardwareAccelerated:
                    Panels<Vector512<float>, SimdFloat512>(packedStart, depth, xStart, yStart, rows, firstPanel, endPanel);
                    break;
                case 8 when Vector256.IsHardwareAccelerated:
                    Panels<Vector256<float>, SimdFloat256>(packedStart, depth, xStart, yStart, rows, firstPanel, endPanel);
                    break;
                case 4 when Vector128.IsHardwareAccelerated:
                    Panels<Vector128<float>, SimdFloat128>(packedStart, depth, xStart, yStart, rows, firstPanel, endPanel);
                    break;
                case 1:
                    Panels<float, SimdFloatScalar>(packedStart, depth, xStart, yStart, rows, firstPanel, endPanel);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "expected 16, 8 or 4 lanes the hardware accelerates, or 1.");
            }
        }
    }

    private static void Panels<TVector, TSimd>(float* packed, int depth, float* x, float* y, int rows, int firstPanel, int endPanel)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
    {
        var lanes = TSimd.Count;
        var panelRows = 4 * lanes;

        // The last panel's padding rows have nowhere to go in y: they go through this buffer, only the real rows copied.
        var buffer = stackalloc float[panelRows];
        for (var panel = firstPanel; panel < endPanel; panel++)
        {
            var weights = packed + ((nint)panel * depth * panelRows);
            var sum0 = TSimd.Zero;
            var sum1 = TSimd.Zero;
            var sum2 = TSimd.Zero;
            var sum3 = TSimd.Zero;
            for (var k = 0; k < depth; k++, weights += panelRows)
            {
                if (Sse.IsSupported)
                {
                    // Every 64-byte line of the row of the panel one page on (panel rows are 64, 32, 16 or 4 floats).
                    var ahead = weights + PrefetchFloats;
                    Sse.Prefetch0(ahead);
                    if (panelRows >= 32)
                    {
                        Sse.Prefetch0(ahead + 16);
                    }

                    if (panelRows >= 64)
                    {
                        Sse.Prefetch0(ahead + 32);
                        Sse.Prefetch0(ahead + 48);
                    }
                }

                var value = TSimd.Broadcast(x[k]);
                sum0 = TSimd.MultiplyAdd(TSimd.Load(weights), value, sum0);
                sum1 = TSimd.MultiplyAdd(TSimd.Load(weights + lanes), value, sum1);
                sum2 = TSimd.MultiplyAdd(TSimd.Load(weights + (2 * lanes)), value, sum2);
                sum3 = TSimd.MultiplyAdd(TSimd.Load(weights + (3 * lanes)), value, sum3);
            }

            var first = panel * panelRows;
            if (first + panelRows <= rows)
            {
                Store<TVector, TSimd>(sum0, sum1, sum2, sum3, y + first);
            }
            else
            {
                Store<TVector, TSimd>(sum0, sum1, sum2, sum3, buffer);
                new Span<float>(buffer, rows - first).CopyTo(new Span<float>(y + first, rows - first));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TVector, TSimd>(TVector sum0, TVector sum1, TVector sum2, TVector sum3, float* destination)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
    {
        TSimd.Store(sum0, destination);
        TSimd.Store(sum1, destination + TSimd.Count);
        TSimd.Store(sum2, destination + (2 * TSimd.Count));
        TSimd.Store(sum3, destination + (3 * TSimd.Count));
    }
}
