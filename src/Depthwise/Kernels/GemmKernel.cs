using System.Buffers;
using System.Runtime.Intrinsics;
using Depthwise.Operators;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Single-precision GEMM with fused bias and activation, output = activation(bias + left · right): register-tiled
/// micro-kernels (<see cref="GemmMicroKernel{TVector, TSimd, TRows, TVectors}"/>, <see cref="GemmWideMicroKernel{TRows}"/>)
/// over right panels that are either the caller's row-major matrix read in place or packed once
/// (<see cref="GemmPacking"/>), threaded over output tiles (<see cref="GemmJob{TVector, TSimd, TActivation}"/>,
/// <see cref="GemmTiling"/>).
/// </summary>
/// <remarks>
/// Deterministic: every output element is reduced by one micro-kernel call, over k in increasing order, starting from
/// its bias, so the result is the same for any thread count and any tiling.
/// The vector width is chosen here, once (<see cref="SimdWidth.Widest"/>): Vector512 → Vector256 → Vector128 → scalar.
/// </remarks>
internal static unsafe class GemmKernel
{
    // Packed buffers start on a 64-byte boundary so no Vector512 load of a packed panel splits a cache line.
    private const int AlignmentFloats = 64 / sizeof(float);

    // Below this many multiply-adds (about 2.4 µs at 110 GFLOP/s) a product runs on the calling thread: the worker pool's
    // hand-off and the cache lines a helper must fetch cost more than the work saves (the crossover measured for
    // depthwise layers, DepthwiseConvProblem.SingleThreadMultiplyAdds).
    internal const long SingleThreadMultiplyAdds = 1 << 17;

    /// <summary>Floats per vector at the width this process runs (16, 8, 4 or 1).</summary>
    public static int Lanes => SimdWidth.Widest;

    /// <summary>Columns of a packed right panel: two vectors.</summary>
    public static int PanelColumns => 2 * Lanes;

    /// <summary>
    /// Columns of a right panel read in place and stored as it is: three Vector512 where the 32 AVX-512 registers hold an
    /// 8 × 48 tile (24 accumulators, 3 right vectors, a broadcast), otherwise two vectors as packed panels. The wider
    /// tile spreads each tile's fixed cost (its stores, loop entry and exit) over 1.5× the FMAs: with the depth of 24 of
    /// MobileNetV2's 24 → 144 @ 56² the 8 × 32 tile ran at 109 GFLOP/s with its output in L1, 8 × 48 at 113. Packed
    /// panels stay two vectors wide (a prepared plan's layout does not depend on the operand it meets; their depths are
    /// long), and so do transposed stores (three 8 × 8 transposes beside 24 accumulators do not fit the registers).
    /// </summary>
    public static int WidePanelColumns => Lanes >= 16 ? 3 * Lanes : 2 * Lanes;

    /// <summary>Columns of a right panel: <see cref="WidePanelColumns"/> read in place into a plain output, else <see cref="PanelColumns"/>.</summary>
    /// <param name="rightPacked">Whether the right operand is packed.</param>
    /// <param name="outputTransposed">Whether the tiles are stored transposed.</param>
    /// <returns>The panel width.</returns>
    public static int PanelColumnsFor(bool rightPacked, bool outputTransposed) => rightPacked || outputTransposed ? PanelColumns : WidePanelColumns;

    /// <summary>
    /// Whether a row of <paramref name="columns"/> ends in a remainder the micro-kernels cover with one Vector256 (with
    /// Vector512 only, a remainder of 1–8 columns), which wastes fewer lanes than a Vector512 would.
    /// </summary>
    public static bool EndsInHalfVector(int columns, int lanes) => lanes == 16 && columns % lanes is > 0 and <= 8;

    /// <summary>
    /// Vector FMAs a product of <paramref name="rows"/> × <paramref name="columns"/> × <paramref name="depth"/> costs as
    /// the micro-tiles cover it: rows as the tiles take them (a one-row remainder tile runs like two rows) × whole vectors
    /// per row × depth. A last Vector256 (<see cref="EndsInHalfVector"/>) counts as a whole vector: Zen 5 issues it in a
    /// Vector512 FMA's slot (docs/onnx.md, session 12). The orientation choices of
    /// <see cref="PointwiseConvKernel.TransposesNchw"/> and <see cref="SeparableConvJob.PlanarMiddle"/> compare these.
    /// </summary>
    /// <param name="rows">Rows of the product (the broadcast side).</param>
    /// <param name="columns">Columns (the vector side).</param>
    /// <param name="depth">The shared dimension.</param>
    /// <returns>The cost in vector FMAs.</returns>
    public static double VectorFmas(int rows, int columns, long depth)
    {
        var remainder = rows % TileRows(rows);
        var coveredRows = rows - remainder + (remainder == 0 ? 0 : Math.Max(remainder, 2));
        return (double)coveredRows * ((columns + Lanes - 1) / Lanes) * depth;
    }

    /// <summary>
    /// Whether the wide tiles of a product also compute the one column after their 48
    /// (<see cref="GemmWideMicroKernel{TRows}"/>, extra column): Vector512, a packed left operand (its rows one float
    /// apart), the right operand read in place into a plain output, and 48·n + 1 columns (49 pixels of a 7 × 7 image).
    /// </summary>
    /// <param name="operands">The operands.</param>
    /// <returns>True when the last column rides on the last wide panel instead of a panel of its own.</returns>
    public static bool EndsInExtraColumn(in GemmOperands operands) =>
        Lanes == 16 && operands.LeftPacked && !operands.RightPacked && !operands.OutputTransposed && operands.Columns % WidePanelColumns == 1
        && operands.Columns > 1;

    /// <summary>
    /// Columns after the last whole vector that <see cref="GemmColumnStripKernel"/> computes with the vectors over rows:
    /// Vector512, a packed left operand, the right operand read in place into a plain output, and 16·n + 1…8 columns
    /// (n ≥ 1) not ending in an extra column (<see cref="EndsInExtraColumn"/>); otherwise 0.
    /// </summary>
    /// <param name="operands">The operands.</param>
    /// <returns>The strip's width, 0–8.</returns>
    public static int StripColumns(in GemmOperands operands) =>
        Lanes == 16 && operands.LeftPacked && !operands.RightPacked && !operands.OutputTransposed && operands.Columns > Lanes
        && operands.Columns % Lanes is > 0 and <= 8 && !EndsInExtraColumn(operands)
            ? operands.Columns % Lanes
            : 0;

    /// <summary>
    /// Tallest micro-tile: 8 rows × 2 or 3 Vector512 (16 or 24 of 32 registers), 6 rows × 2 vectors where only 16 registers
    /// exist (12 accumulators, 2 right vectors, a broadcast), 4 × 2 in scalar code.
    /// </summary>
    public static int MaxTileRows => Lanes >= 16 ? 8 : Lanes > 1 ? 6 : 4;

    /// <summary>Floats <see cref="GemmPacking.PackRight"/> writes for a right operand, plus alignment slack.</summary>
    /// <param name="depth">Rows k.</param>
    /// <param name="columns">Columns.</param>
    /// <returns>The buffer length to allocate.</returns>
    public static long PackedRightLength(int depth, int columns) => GemmPacking.PackedLength(depth, columns, Lanes) + AlignmentFloats;

    /// <summary>The first 64-byte aligned float at or after <paramref name="pointer"/>.</summary>
    /// <param name="pointer">A pointer into a buffer with <see cref="PackedRightLength"/> floats.</param>
    /// <returns>The aligned pointer.</returns>
    public static float* Align(float* pointer) => (float*)(((nint)pointer + 63) & ~(nint)63);

    /// <summary>
    /// The micro-tile height for <paramref name="rows"/> output rows: the tallest that fits, or a slightly shorter one
    /// that divides the rows better (49 = 7 × 7 rather than 6 × 8 + 1: a one-row tile has too few FMA chains).
    /// </summary>
    /// <param name="rows">Output rows.</param>
    /// <returns>Rows of every row panel but possibly the last.</returns>
    public static int TileRows(int rows)
    {
        var tallest = MaxTileRows;
        if (rows <= tallest)
        {
            return Math.Max(rows, 1);
        }

        var best = tallest;
        var bestCost = int.MaxValue;
        var bestPanels = int.MaxValue;
        for (var height = tallest; height >= Math.Max(tallest - 2, 1); height--)
        {
            // Cost in row-equivalents: a remainder tile of one row runs at half speed, like two rows.
            var remainder = rows % height;
            var cost = rows - remainder + (remainder == 0 ? 0 : Math.Max(remainder, 2));
            var panels = (rows + height - 1) / height;
            if (cost < bestCost || (cost == bestCost && panels < bestPanels))
            {
                (best, bestCost, bestPanels) = (height, cost, panels);
            }
        }

        return best;
    }

    // The tile height over a packed left operand: the tallest that divides its panel width, so no tile straddles two panels.
    private static int PackedLeftTileRows(int rows)
    {
        var height = MaxTileRows;
        while (PanelColumns % height != 0)
        {
            height--;
        }

        return Math.Min(height, Math.Max(rows, 1));
    }

    // left (rows, depth), right (depth, columns) → output (rows, columns) = activation(bias + left · right); any operand strides
    public static void Multiply(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> left,
        int leftRowStride,
        int leftColumnStride,
        ReadOnlySpan<float> right,
        int rightRowStride,
        int rightColumnStride,
        Span<float> output,
        int outputRowStride,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation,
        int threads,
        GemmTiling? tiling = null)
    {
        fixed (float* leftPointer = left, rightPointer = right, outputPointer = output, biasPointer = bias)
        {
            if (rightColumnStride == 1)
            {
                // A caller's tiling was chosen for all the columns: it keeps them together.
                var peeled = tiling is null ? GemmAlignmentPeel.Columns(outputPointer, outputRowStride, columns, Lanes) : 0;
                if (peeled > 0)
                {
                    Run(
                        new GemmOperands(
                            rows, peeled, depth, leftPointer, leftRowStride, leftColumnStride, rightPointer, rightRowStride, rightPacked: false,
                            outputPointer, outputRowStride, outputTransposed: false, biasPointer, biasMode),
                        activation, threads);
                }

                Run(
                    new GemmOperands(
                        rows, columns - peeled, depth, leftPointer, leftRowStride, leftColumnStride, rightPointer + peeled, rightRowStride, rightPacked: false,
                        outputPointer + peeled, outputRowStride, outputTransposed: false, biasMode == GemmBias.PerColumn ? biasPointer + peeled : biasPointer,
                        biasMode),
                    activation, threads, tiling);
                return;
            }

            // A right operand without unit column stride (transposed weights) cannot feed vector loads: pack it for this call.
            var packed = ArrayPool<float>.Shared.Rent(checked((int)PackedRightLength(depth, columns)));
            try
            {
                fixed (float* packedBase = packed)
                {
                    var packedRight = Align(packedBase);
                    GemmPacking.PackRight(rightPointer, rightRowStride, rightColumnStride, depth, columns, PanelColumns, Lanes, packedRight);
                    Run(
                        new GemmOperands(
                            rows, columns, depth, leftPointer, leftRowStride, leftColumnStride, packedRight, 0, rightPacked: true,
                            outputPointer, outputRowStride, outputTransposed: false, biasPointer, biasMode),
                        activation, threads, tiling);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packed);
            }
        }
    }

    // packed left (rows, depth) (its transpose packed by GemmPacking.PackRight), right (depth, columns) row-major → output (rows, columns) = activation(bias + left · right)
    public static void MultiplyPackedLeft(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> packedLeft,
        ReadOnlySpan<float> right,
        int rightRowStride,
        Span<float> output,
        int outputRowStride,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation,
        int threads)
    {
        fixed (float* leftPointer = packedLeft, rightPointer = right, outputPointer = output, biasPointer = bias)
        {
            Run(
                new GemmOperands(
                    rows, columns, depth, leftPointer, 1, 0, rightPointer, rightRowStride, rightPacked: false,
                    outputPointer, outputRowStride, outputTransposed: false, biasPointer, biasMode, leftPacked: true),
                activation, threads);
        }
    }

    // left (rows, depth), packed right (depth, columns) → output (rows, columns), or its transpose, = activation(bias + left · right)
    public static void MultiplyPacked(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> left,
        int leftRowStride,
        int leftColumnStride,
        ReadOnlySpan<float> packedRight,
        Span<float> output,
        int outputStride,
        bool outputTransposed,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation,
        int threads,
        GemmTiling? tiling = null)
    {
        fixed (float* leftPointer = left, rightPointer = packedRight, outputPointer = output, biasPointer = bias)
        {
            Run(
                new GemmOperands(
                    rows, columns, depth, leftPointer, leftRowStride, leftColumnStride, rightPointer, 0, rightPacked: true,
                    outputPointer, outputStride, outputTransposed, biasPointer, biasMode),
                activation, threads, tiling);
        }
    }

    /// <summary>Runs one GEMM on pinned operands at the process's vector width.</summary>
    /// <param name="operands">The operands; a packed right operand must come from <see cref="GemmPacking.PackRight"/> with <see cref="PanelColumns"/> and <see cref="Lanes"/>.</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="threads">Threads (resolved, ≥ 1).</param>
    /// <param name="tiling">Work-item blocks; null picks them with <see cref="GemmTiling.For"/>. Never changes the result.</param>
    public static void Run(in GemmOperands operands, Activation activation, int threads, GemmTiling? tiling = null)
    {
        if (operands.Rows == 0 || operands.Columns == 0)
        {
            return;
        }

        // The one place the vector width is chosen; everything below is generic over it.
        switch (Lanes)
        {
            case 16:
                WithActivation<Vector512<float>, SimdFloat512>(operands, activation, threads, tiling);
                break;
            case 8:
                WithActivation<Vector256<float>, SimdFloat256>(operands, activation, threads, tiling);
                break;
            case 4:
                WithActivation<Vector128<float>, SimdFloat128>(operands, activation, threads, tiling);
                break;
            default:
                WithActivation<float, SimdFloatScalar>(operands, activation, threads, tiling);
                break;
        }
    }

    private static void WithActivation<TVector, TSimd>(in GemmOperands operands, Activation activation, int threads, GemmTiling? tiling)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                Run<TVector, TSimd, IdentityOperator>(operands, default, threads, tiling);
                return;
            case ActivationKind.Relu:
                Run<TVector, TSimd, ReluOperator>(operands, default, threads, tiling);
                return;
            case ActivationKind.HardSwish:
                Run<TVector, TSimd, HardSwishOperator>(operands, default, threads, tiling);
                return;
            default:
                if (ClipFromZeroOperator.Covers(activation.Min, activation.Max))
                {
                    Run<TVector, TSimd, ClipFromZeroOperator>(operands, new ClipFromZeroOperator(activation.Min, activation.Max), threads, tiling);
                    return;
                }

                Run<TVector, TSimd, ClipOperator>(operands, new ClipOperator(activation.Min, activation.Max), threads, tiling);
                return;
        }
    }

    private static void Run<TVector, TSimd, TActivation>(in GemmOperands operands, TActivation activation, int threads, GemmTiling? requestedTiling)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if ((long)operands.Rows * operands.Columns * operands.Depth < SingleThreadMultiplyAdds)
        {
            threads = 1;
        }

        var tileRows = TileRowsFor(operands);
        var panelColumns = PanelColumnsFor(operands.RightPacked, operands.OutputTransposed);
        var extraColumn = EndsInExtraColumn(operands);
        var tiledColumns = operands.Columns - StripColumns(operands);
        var tiling = requestedTiling ?? Tiling(operands, threads);

        // An in-place right operand whose last panel ends inside a vector has that panel packed (zero-padded) once here,
        // unless that panel is the one extra column the wide tiles compute or the strip of columns over rows.
        var edgeColumns = tiledColumns % Lanes == 0 || extraColumn ? 0 : operands.Columns % panelColumns;
        if (operands.RightPacked || edgeColumns == 0)
        {
            Execute(new GemmJob<TVector, TSimd, TActivation>(operands, activation, tileRows, tiling, null), threads);
            return;
        }

        // The caller's own slot: the items run on workers too, but only read it, and no item starts a GEMM with an edge
        // panel on the calling thread while this one runs (the fused separable block calls single-threaded GEMMs).
        var edgeRight = GemmScratch.EdgePanel(GemmPacking.PackedLength(operands.Depth, edgeColumns, Lanes));
        GemmPacking.PackRight(
            operands.Right + (operands.Columns - edgeColumns), operands.RightDepthStride, 1, operands.Depth, edgeColumns, panelColumns, Lanes, edgeRight);
        Execute(new GemmJob<TVector, TSimd, TActivation>(operands, activation, tileRows, tiling, edgeRight), threads);
    }

    /// <summary>
    /// The tiling <see cref="Run"/> picks for operands of these sizes and kinds (the data pointers do not enter), for
    /// callers that decide a call once and run it on new data many times.
    /// </summary>
    /// <param name="operands">The operands (sizes, strides and flags; the pointers may be null).</param>
    /// <param name="threads">Threads the call may use.</param>
    /// <returns>The tiling.</returns>
    public static GemmTiling Tiling(in GemmOperands operands, int threads)
    {
        var tileRows = TileRowsFor(operands);
        var panelColumns = PanelColumnsFor(operands.RightPacked, operands.OutputTransposed);
        var tiledColumns = operands.Columns - StripColumns(operands);
        return GemmTiling.For(
            (operands.Rows + tileRows - 1) / tileRows,
            EndsInExtraColumn(operands) ? operands.Columns / panelColumns : (tiledColumns + panelColumns - 1) / panelColumns,
            (long)tileRows * operands.Depth * sizeof(float), threads, rowsFirst: operands.Rows > operands.Columns);
    }

    private static int TileRowsFor(in GemmOperands operands) => operands.LeftPacked ? PackedLeftTileRows(operands.Rows) : TileRows(operands.Rows);

    private static void Execute<TVector, TSimd, TActivation>(GemmJob<TVector, TSimd, TActivation> job, int threads)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        Parallelism.For(job.Tiles, threads, ref job);
    }
}
