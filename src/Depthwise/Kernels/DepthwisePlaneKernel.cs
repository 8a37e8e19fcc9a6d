using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The planar depthwise kernel for NCHW data, 3×3 with stride 1 and no dilation: one register holds <c>lanes</c>
/// neighbouring output columns of one channel, and the three taps of a kernel row are three loads of the input row at
/// columns x − padLeft, +1, +2, so NCHW input and output are used in place, with no transposes into channel blocks and
/// back (see docs/kernels.md, "Planar kernel").
/// </summary>
/// <remarks>
/// <para>
/// Four output rows and two registers of columns are computed together: each of the six input rows they span is
/// loaded once per register (three shifted loads) and feeds every output row that reads it, 36 loads for 72 FMAs in
/// eight independent accumulator chains. Registers whose window reaches past either end of the row use masked loads
/// (zeros for padding columns, memory outside the row untouched). A register left over after the pairs (the seventh of
/// a 112-pixel row) pairs with the same register four rows down. The top and bottom groups skip the FMAs of a padding
/// row; the rows left over after the groups run one at a time with the kernel rows clipped.
/// </para>
/// <para>
/// With AVX-512 and one padding column each side (the MobileNet layers), groups of eight output rows, and four for
/// the rows left over, run as row sweeps instead (<c>DepthwisePlaneKernel.Sweep.cs</c>): one register column at a
/// time, each input row's register loaded once and its neighbours' taps made from it by shuffles.
/// </para>
/// <para>
/// Each output element is the bias, then one FMA per tap in row-major order (ky, then kx; padding columns add
/// fma(0, w, acc) and padding rows are skipped), then the activation: exactly the operations of the channel-blocked
/// kernel, so both give the same bits.
/// </para>
/// </remarks>
internal static unsafe partial class DepthwisePlaneKernel
{
    /// <summary>Output rows computed together from shared input rows.</summary>
    public const int RowsPerGroup = 4;

    private const int KernelSize = 3;

    /// <summary>Whether the planar kernel computes this geometry: 3×3, stride 1, dilation 1.</summary>
    public static bool Supports(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(KernelSize, KernelSize) && geometry.Stride == new Size2D(1, 1) && geometry.Dilation == new Size2D(1, 1);

    /// <summary>
    /// Register width for output rows of <paramref name="outputWidth"/> pixels: the widest accelerated one, halved while
    /// half still covers the row.
    /// </summary>
    public static int LanesFor(int outputWidth)
    {
        var lanes = SimdWidth.Widest;
        while (lanes > 4 && lanes / 2 >= outputWidth)
        {
            lanes /= 2;
        }

        return lanes == 4 && outputWidth == 1 ? 1 : lanes;
    }

    // one plane: input (H, W), weights 3×3 at `weights` + tap·weightStride, bias → output rows [firstRow, endRow) of (Ho, Wo);
    // `sweep`: which row sweep may run where the sweeps fit (None: calls beyond the caches)
    public static void Rows<TSimd, TVector, TActivation>(
        float* input, float* output, float* weights, nint weightStride, float bias, in ConvGeometry geometry, int firstRow, int endRow, PlaneRowSweep sweep, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var inputHeight = geometry.InputHeight;
        var inputWidth = geometry.InputWidth;
        var outputWidth = geometry.OutputWidth;
        var padLeft = geometry.PadLeft;
        var taps = DepthwisePlaneTaps<TVector>.Broadcast<TSimd>(bias, weights, weightStride);
        var endPixel = (nint)endRow * outputWidth;
        if (sweep != PlaneRowSweep.None && Sweeps<TVector>(inputWidth, outputWidth, padLeft))
        {
            SweepRows(input, output, weights, weightStride, bias, geometry, firstRow, endRow, sweep, Unsafe.As<DepthwisePlaneTaps<TVector>, DepthwisePlaneTaps<Vector512<float>>>(ref taps), activation);
            return;
        }

        var y = firstRow;
        while (y < endRow)
        {
            var origin = geometry.InputRowOrigin(y);
            if (GroupFits(origin, y, endRow, inputHeight))
            {
                var rows = new GroupRows(input, inputHeight, inputWidth, padLeft, output, outputWidth, endPixel);
                if (origin < 0)
                {
                    y += Group<TSimd, TVector, PaddedEnds.First, TActivation>(rows, origin, y, false, taps, activation);
                }
                else if (origin + RowsPerGroup + KernelSize - 2 >= inputHeight)
                {
                    y += Group<TSimd, TVector, PaddedEnds.Last, TActivation>(rows, origin, y, false, taps, activation);
                }
                else
                {
                    // The next group may share a leftover register when its input rows lie inside the image too.
                    var nextInside = y + (2 * RowsPerGroup) <= endRow && origin + (2 * RowsPerGroup) + KernelSize - 2 < inputHeight;
                    y += Group<TSimd, TVector, PaddedEnds.None, TActivation>(rows, origin, y, nextInside, taps, activation);
                }
            }
            else
            {
                // Input row r of the plane: input + r·W (only rows inside the image are dereferenced).
                SingleRow<TSimd, TVector, TActivation>(
                    input + ((nint)origin * inputWidth), inputWidth, padLeft, Math.Clamp(-origin, 0, KernelSize), Math.Clamp(inputHeight - origin, 0, KernelSize), output, y, outputWidth, endPixel, taps, activation);
                y++;
            }
        }
    }

    // Whether output rows y … y + 7 are the item's and their input rows origin … origin + 9 lie inside the image but
    // for at most one padding row at either end (as GroupFits for eight rows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EightFits(int origin, int y, int endRow, int inputHeight)
    {
        var last = origin + (2 * RowsPerGroup) + KernelSize - 2;
        return y + (2 * RowsPerGroup) <= endRow && origin >= -1 && last <= inputHeight && (origin >= 0 || last < inputHeight);
    }

    // Whether output rows y … y + 3 are the item's and their input rows origin … origin + 5 lie inside the image but
    // for at most one padding row at either end (the top group and the bottom group of a plane with one padding row
    // each side: the group skips that row's FMAs, as a single row clips its kernel rows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GroupFits(int origin, int y, int endRow, int inputHeight)
    {
        var last = origin + RowsPerGroup + KernelSize - 2;
        return y + RowsPerGroup <= endRow && origin >= -1 && last <= inputHeight && (origin >= 0 || last < inputHeight);
    }

    // input rows origin … origin + 5 of the plane → output rows y … y + 3, all columns (and the next four rows too when
    // a register is left over and both groups lie inside the image: the two leftovers run as one pair); returns the
    // rows computed
    private static int Group<TSimd, TVector, TRows, TActivation>(
        in GroupRows rows, int origin, int y, bool nextInside, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var pending = GroupRegisters<TSimd, TVector, TRows, TActivation>(rows, origin, y, taps, activation);
        if (pending < 0)
        {
            return RowsPerGroup;
        }

        if (!nextInside)
        {
            GroupSingle<TSimd, TVector, TActivation>(rows, origin, y, pending, taps, activation);
            return RowsPerGroup;
        }

        // The leftover register of this group and of the next one, at the same column, as one pair: eight chains and,
        // for an interior column, no masks.
        GroupRegisters<TSimd, TVector, PaddedEnds.None, TActivation>(rows, origin + RowsPerGroup, y + RowsPerGroup, taps, activation);
        if (Interior(pending, TSimd.Count, rows.PadLeft, rows.InputWidth))
        {
            GroupPair<TSimd, TVector, InteriorColumns, PaddedEnds.None, TActivation>(rows, origin, y, pending, origin + RowsPerGroup, y + RowsPerGroup, pending, taps, activation);
        }
        else
        {
            GroupPair<TSimd, TVector, ClippedColumns, PaddedEnds.None, TActivation>(rows, origin, y, pending, origin + RowsPerGroup, y + RowsPerGroup, pending, taps, activation);
        }

        return 2 * RowsPerGroup;
    }

    // Output rows y … y + 3, every register but a leftover one, whose column it returns (−1 when none is left).
    private static int GroupRegisters<TSimd, TVector, TRows, TActivation>(in GroupRows rows, int origin, int y, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Registers run in pairs (eight accumulator chains): neighbouring interior registers together, and registers
        // reaching into the padding (usually the first and the last) together with masked loads.
        var lanes = TSimd.Count;
        var outputWidth = rows.OutputWidth;
        var inputWidth = rows.InputWidth;
        var padLeft = rows.PadLeft;
        var registers = (outputWidth + lanes - 1) / lanes;
        var pending = -1;
        var register = 0;
        if (registers >= 2 && padLeft == 1 && Column(registers - 1, lanes, outputWidth) + lanes == inputWidth)
        {
            // One padding column on each side (rows wider than a register): the first and last registers as an edge
            // pair, the ones between are interior.
            GroupPair<TSimd, TVector, EdgeColumns, TRows, TActivation>(rows, origin, y, 0, origin, y, Column(registers - 1, lanes, outputWidth), taps, activation);
            register = 1;
            registers--;
        }

        for (; register < registers; register++)
        {
            var x = Column(register, lanes, outputWidth);
            var next = Column(register + 1, lanes, outputWidth);
            if (register + 1 < registers && Interior(x, lanes, padLeft, inputWidth) && Interior(next, lanes, padLeft, inputWidth))
            {
                GroupPair<TSimd, TVector, InteriorColumns, TRows, TActivation>(rows, origin, y, x, origin, y, next, taps, activation);
                register++;
            }
            else if (pending < 0)
            {
                pending = x;
            }
            else
            {
                GroupPair<TSimd, TVector, ClippedColumns, TRows, TActivation>(rows, origin, y, pending, origin, y, x, taps, activation);
                pending = -1;
            }
        }

        return pending;
    }

    // Whether the input columns x − padLeft … x − padLeft + lanes + 1 that a register at output column x reads are all inside the row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Interior(int x, int lanes, int padLeft, int inputWidth) => x - padLeft >= 0 && x - padLeft + lanes + KernelSize - 1 <= inputWidth;

    // input rows originA … originA + 5 → output rows yA … yA + 3 at column xA, and originB … → yB … at column xB, one
    // register each (the same rows, or the same column of two groups); in clipped
    // registers, columns outside [0, W) read as zero through masked loads (the masks depend on the column only); an
    // edge pair (A = the first register with one padding column, B = the last with one) shifts a zero into the
    // register loaded at the row's start and end instead: a shuffle rather than a masked load and its mask conversion
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GroupPair<TSimd, TVector, TColumns, TRows, TActivation>(
        in GroupRows rows, int originA, int yA, int xA, int originB, int yB, int xB, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var inputWidth = rows.InputWidth;
        var startA = xA - rows.PadLeft;
        var startB = xB - rows.PadLeft;
        var inputA = rows.Input + ((nint)originA * inputWidth) + startA;
        var inputB = rows.Input + ((nint)originB * inputWidth) + startB;
        var (maskA0, maskA1, maskA2, maskB0, maskB1, maskB2) = TColumns.Clipped && !TColumns.Edges
            ? (LaneMask<TSimd, TVector>(startA, inputWidth), LaneMask<TSimd, TVector>(startA + 1, inputWidth), LaneMask<TSimd, TVector>(startA + 2, inputWidth),
                LaneMask<TSimd, TVector>(startB, inputWidth), LaneMask<TSimd, TVector>(startB + 1, inputWidth), LaneMask<TSimd, TVector>(startB + 2, inputWidth))
            : default;
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var accumulator0A = taps.Bias;
        var accumulator0B = accumulator0A;
        var accumulator1A = accumulator0A;
        var accumulator1B = accumulator0A;
        var accumulator2A = accumulator0A;
        var accumulator2B = accumulator0A;
        var accumulator3A = accumulator0A;
        var accumulator3B = accumulator0A;

        // A group's first input row is skipped when it is the top padding row, its last when it is the bottom one.
        TVector a, b, c, d, e, f;
        if (!TRows.PaddedFirst)
        {
            if (TColumns.Edges)
            {
                b = TSimd.Load(inputA + 1);
                a = TSimd.ShiftUp(b);
                c = TSimd.Load(inputA + 2);
                d = TSimd.Load(inputB);
                e = TSimd.Load(inputB + 1);
                f = TSimd.ShiftDown(e);
            }
            else
            {
                a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
                b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
                c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
                d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
                e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
                f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
            }

            accumulator0A = TSimd.MultiplyAdd(a, w00, accumulator0A);
            accumulator0B = TSimd.MultiplyAdd(d, w00, accumulator0B);
            accumulator0A = TSimd.MultiplyAdd(b, w01, accumulator0A);
            accumulator0B = TSimd.MultiplyAdd(e, w01, accumulator0B);
            accumulator0A = TSimd.MultiplyAdd(c, w02, accumulator0A);
            accumulator0B = TSimd.MultiplyAdd(f, w02, accumulator0B);
        }

        inputA += inputWidth;
        inputB += inputWidth;
        if (TColumns.Edges)
        {
            b = TSimd.Load(inputA + 1);
            a = TSimd.ShiftUp(b);
            c = TSimd.Load(inputA + 2);
            d = TSimd.Load(inputB);
            e = TSimd.Load(inputB + 1);
            f = TSimd.ShiftDown(e);
        }
        else
        {
            a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
            b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
            c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
            d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
            e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
            f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
        }
        accumulator0A = TSimd.MultiplyAdd(a, w10, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(d, w10, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(a, w00, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(d, w00, accumulator1B);
        accumulator0A = TSimd.MultiplyAdd(b, w11, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(e, w11, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(b, w01, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(e, w01, accumulator1B);
        accumulator0A = TSimd.MultiplyAdd(c, w12, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(f, w12, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(c, w02, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(f, w02, accumulator1B);

        inputA += inputWidth;
        inputB += inputWidth;
        if (TColumns.Edges)
        {
            b = TSimd.Load(inputA + 1);
            a = TSimd.ShiftUp(b);
            c = TSimd.Load(inputA + 2);
            d = TSimd.Load(inputB);
            e = TSimd.Load(inputB + 1);
            f = TSimd.ShiftDown(e);
        }
        else
        {
            a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
            b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
            c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
            d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
            e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
            f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
        }
        accumulator0A = TSimd.MultiplyAdd(a, w20, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(d, w20, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(a, w10, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(d, w10, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(a, w00, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(d, w00, accumulator2B);
        accumulator0A = TSimd.MultiplyAdd(b, w21, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(e, w21, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(b, w11, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(e, w11, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(b, w01, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(e, w01, accumulator2B);
        accumulator0A = TSimd.MultiplyAdd(c, w22, accumulator0A);
        accumulator0B = TSimd.MultiplyAdd(f, w22, accumulator0B);
        accumulator1A = TSimd.MultiplyAdd(c, w12, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(f, w12, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(c, w02, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(f, w02, accumulator2B);

        inputA += inputWidth;
        inputB += inputWidth;
        if (TColumns.Edges)
        {
            b = TSimd.Load(inputA + 1);
            a = TSimd.ShiftUp(b);
            c = TSimd.Load(inputA + 2);
            d = TSimd.Load(inputB);
            e = TSimd.Load(inputB + 1);
            f = TSimd.ShiftDown(e);
        }
        else
        {
            a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
            b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
            c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
            d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
            e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
            f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
        }
        accumulator1A = TSimd.MultiplyAdd(a, w20, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(d, w20, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(a, w10, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(d, w10, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(a, w00, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(d, w00, accumulator3B);
        accumulator1A = TSimd.MultiplyAdd(b, w21, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(e, w21, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(b, w11, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(e, w11, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(b, w01, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(e, w01, accumulator3B);
        accumulator1A = TSimd.MultiplyAdd(c, w22, accumulator1A);
        accumulator1B = TSimd.MultiplyAdd(f, w22, accumulator1B);
        accumulator2A = TSimd.MultiplyAdd(c, w12, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(f, w12, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(c, w02, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(f, w02, accumulator3B);

        inputA += inputWidth;
        inputB += inputWidth;
        if (TColumns.Edges)
        {
            b = TSimd.Load(inputA + 1);
            a = TSimd.ShiftUp(b);
            c = TSimd.Load(inputA + 2);
            d = TSimd.Load(inputB);
            e = TSimd.Load(inputB + 1);
            f = TSimd.ShiftDown(e);
        }
        else
        {
            a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
            b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
            c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
            d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
            e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
            f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
        }
        accumulator2A = TSimd.MultiplyAdd(a, w20, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(d, w20, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(a, w10, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(d, w10, accumulator3B);
        accumulator2A = TSimd.MultiplyAdd(b, w21, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(e, w21, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(b, w11, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(e, w11, accumulator3B);
        accumulator2A = TSimd.MultiplyAdd(c, w22, accumulator2A);
        accumulator2B = TSimd.MultiplyAdd(f, w22, accumulator2B);
        accumulator3A = TSimd.MultiplyAdd(c, w12, accumulator3A);
        accumulator3B = TSimd.MultiplyAdd(f, w12, accumulator3B);

        inputA += inputWidth;
        inputB += inputWidth;
        if (!TRows.PaddedLast)
        {
            if (TColumns.Edges)
            {
                b = TSimd.Load(inputA + 1);
                a = TSimd.ShiftUp(b);
                c = TSimd.Load(inputA + 2);
                d = TSimd.Load(inputB);
                e = TSimd.Load(inputB + 1);
                f = TSimd.ShiftDown(e);
            }
            else
            {
                a = Load<TSimd, TVector, TColumns>(inputA, maskA0);
                b = Load<TSimd, TVector, TColumns>(inputA + 1, maskA1);
                c = Load<TSimd, TVector, TColumns>(inputA + 2, maskA2);
                d = Load<TSimd, TVector, TColumns>(inputB, maskB0);
                e = Load<TSimd, TVector, TColumns>(inputB + 1, maskB1);
                f = Load<TSimd, TVector, TColumns>(inputB + 2, maskB2);
            }

            accumulator3A = TSimd.MultiplyAdd(a, w20, accumulator3A);
            accumulator3B = TSimd.MultiplyAdd(d, w20, accumulator3B);
            accumulator3A = TSimd.MultiplyAdd(b, w21, accumulator3A);
            accumulator3B = TSimd.MultiplyAdd(e, w21, accumulator3B);
            accumulator3A = TSimd.MultiplyAdd(c, w22, accumulator3A);
            accumulator3B = TSimd.MultiplyAdd(f, w22, accumulator3B);
        }

        var output = rows.Output;
        var endPixel = rows.EndPixel;
        var outputWidth = rows.OutputWidth;
        var pixelA = ((nint)yA * outputWidth) + xA;
        var pixelB = ((nint)yB * outputWidth) + xB;
        Store<TSimd, TVector>(TSimd.Activate(accumulator0A, activation), output, pixelA, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator0B, activation), output, pixelB, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator1A, activation), output, pixelA + outputWidth, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator1B, activation), output, pixelB + outputWidth, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator2A, activation), output, pixelA + (2 * outputWidth), endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator2B, activation), output, pixelB + (2 * outputWidth), endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator3A, activation), output, pixelA + (3 * outputWidth), endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator3B, activation), output, pixelB + (3 * outputWidth), endPixel, outputWidth);
    }

    // input rows origin … origin + 5 → output rows y … y + 3 at column xA, one register; columns outside [0, W) read as
    // zero through masked loads (the masks depend on the column only, so they are made once)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GroupSingle<TSimd, TVector, TActivation>(
        in GroupRows rows, int origin, int y, int xA, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var inputWidth = rows.InputWidth;
        var startA = xA - rows.PadLeft;
        var inputA = rows.Input + ((nint)origin * inputWidth) + startA;
        var mask0 = LaneMask<TSimd, TVector>(startA, inputWidth);
        var mask1 = LaneMask<TSimd, TVector>(startA + 1, inputWidth);
        var mask2 = LaneMask<TSimd, TVector>(startA + 2, inputWidth);
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var accumulator0A = taps.Bias;
        var accumulator1A = accumulator0A;
        var accumulator2A = accumulator0A;
        var accumulator3A = accumulator0A;

        // The first input row is skipped when it is the top padding row, the last when it is the bottom one.
        TVector a, b, c;
        if (origin >= 0)
        {
            a = TSimd.LoadMasked(inputA, mask0);
            b = TSimd.LoadMasked(inputA + 1, mask1);
            c = TSimd.LoadMasked(inputA + 2, mask2);
            accumulator0A = TSimd.MultiplyAdd(a, w00, accumulator0A);
            accumulator0A = TSimd.MultiplyAdd(b, w01, accumulator0A);
            accumulator0A = TSimd.MultiplyAdd(c, w02, accumulator0A);
        }

        inputA += inputWidth;
        a = TSimd.LoadMasked(inputA, mask0);
        b = TSimd.LoadMasked(inputA + 1, mask1);
        c = TSimd.LoadMasked(inputA + 2, mask2);
        accumulator0A = TSimd.MultiplyAdd(a, w10, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(a, w00, accumulator1A);
        accumulator0A = TSimd.MultiplyAdd(b, w11, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(b, w01, accumulator1A);
        accumulator0A = TSimd.MultiplyAdd(c, w12, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(c, w02, accumulator1A);

        inputA += inputWidth;
        a = TSimd.LoadMasked(inputA, mask0);
        b = TSimd.LoadMasked(inputA + 1, mask1);
        c = TSimd.LoadMasked(inputA + 2, mask2);
        accumulator0A = TSimd.MultiplyAdd(a, w20, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(a, w10, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(a, w00, accumulator2A);
        accumulator0A = TSimd.MultiplyAdd(b, w21, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(b, w11, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(b, w01, accumulator2A);
        accumulator0A = TSimd.MultiplyAdd(c, w22, accumulator0A);
        accumulator1A = TSimd.MultiplyAdd(c, w12, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(c, w02, accumulator2A);

        inputA += inputWidth;
        a = TSimd.LoadMasked(inputA, mask0);
        b = TSimd.LoadMasked(inputA + 1, mask1);
        c = TSimd.LoadMasked(inputA + 2, mask2);
        accumulator1A = TSimd.MultiplyAdd(a, w20, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(a, w10, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(a, w00, accumulator3A);
        accumulator1A = TSimd.MultiplyAdd(b, w21, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(b, w11, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(b, w01, accumulator3A);
        accumulator1A = TSimd.MultiplyAdd(c, w22, accumulator1A);
        accumulator2A = TSimd.MultiplyAdd(c, w12, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(c, w02, accumulator3A);

        inputA += inputWidth;
        a = TSimd.LoadMasked(inputA, mask0);
        b = TSimd.LoadMasked(inputA + 1, mask1);
        c = TSimd.LoadMasked(inputA + 2, mask2);
        accumulator2A = TSimd.MultiplyAdd(a, w20, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(a, w10, accumulator3A);
        accumulator2A = TSimd.MultiplyAdd(b, w21, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(b, w11, accumulator3A);
        accumulator2A = TSimd.MultiplyAdd(c, w22, accumulator2A);
        accumulator3A = TSimd.MultiplyAdd(c, w12, accumulator3A);

        if (origin < rows.InputHeight - (RowsPerGroup + KernelSize - 2))
        {
            inputA += inputWidth;
            a = TSimd.LoadMasked(inputA, mask0);
            b = TSimd.LoadMasked(inputA + 1, mask1);
            c = TSimd.LoadMasked(inputA + 2, mask2);
            accumulator3A = TSimd.MultiplyAdd(a, w20, accumulator3A);
            accumulator3A = TSimd.MultiplyAdd(b, w21, accumulator3A);
            accumulator3A = TSimd.MultiplyAdd(c, w22, accumulator3A);
        }

        var output = rows.Output;
        var endPixel = rows.EndPixel;
        var outputWidth = rows.OutputWidth;
        var pixelA = ((nint)y * outputWidth) + xA;
        Store<TSimd, TVector>(TSimd.Activate(accumulator0A, activation), output, pixelA, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator1A, activation), output, pixelA + outputWidth, endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator2A, activation), output, pixelA + (2 * outputWidth), endPixel, outputWidth);
        Store<TSimd, TVector>(TSimd.Activate(accumulator3A, activation), output, pixelA + (3 * outputWidth), endPixel, outputWidth);
    }

    // input rows of kernel rows [kyFirst, kyEnd) from `rows` (kernel row 0) → output row y, all columns
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SingleRow<TSimd, TVector, TActivation>(
        float* rows, int inputWidth, int padLeft, int kyFirst, int kyEnd, float* output, int y, int outputWidth, nint endPixel, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var registers = (outputWidth + lanes - 1) / lanes;
        for (var register = 0; register < registers; register++)
        {
            var x = Column(register, lanes, outputWidth);
            var start = x - padLeft;
            var mask0 = LaneMask<TSimd, TVector>(start, inputWidth);
            var mask1 = LaneMask<TSimd, TVector>(start + 1, inputWidth);
            var mask2 = LaneMask<TSimd, TVector>(start + 2, inputWidth);
            var accumulator = taps.Bias;
            for (var ky = kyFirst; ky < kyEnd; ky++)
            {
                var input = rows + ((nint)ky * inputWidth) + start;
                var (w0, w1, w2) = ky switch
                {
                    0 => (taps.W00, taps.W01, taps.W02),
                    1 => (taps.W10, taps.W11, taps.W12),
                    _ => (taps.W20, taps.W21, taps.W22),
                };
                accumulator = TSimd.MultiplyAdd(TSimd.LoadMasked(input, mask0), w0, accumulator);
                accumulator = TSimd.MultiplyAdd(TSimd.LoadMasked(input + 1, mask1), w1, accumulator);
                accumulator = TSimd.MultiplyAdd(TSimd.LoadMasked(input + 2, mask2), w2, accumulator);
            }

            Store<TSimd, TVector>(TSimd.Activate(accumulator, activation), output, ((nint)y * outputWidth) + x, endPixel, outputWidth);
        }
    }

    // Register i of an output row starts at column i·lanes, the last one pulled back to end at the row's end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Column(int register, int lanes, int outputWidth) => Math.Max(Math.Min(register * lanes, outputWidth - lanes), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load<TSimd, TVector, TColumns>(float* source, TVector mask)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds =>
        TColumns.Clipped ? TSimd.LoadMasked(source, mask) : TSimd.Load(source);

    // The lanes of a register of input columns start … start + lanes − 1 that are inside [0, width).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector LaneMask<TSimd, TVector>(int start, int width)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        return TSimd.LaneMask(Math.Clamp(-start, 0, lanes), Math.Clamp(width - start, 0, lanes));
    }

    // A whole register at output pixel `pixel`, unless it would run past the work item's last row (a row narrower
    // than the register spills into the next row, which the item overwrites later): then only the row's pixels.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TSimd, TVector>(TVector value, float* output, nint pixel, nint endPixel, int outputWidth)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        if (pixel + TSimd.Count <= endPixel)
        {
            TSimd.Store(value, output + pixel);
        }
        else
        {
            TSimd.StoreFirst(value, output + pixel, outputWidth);
        }
    }

    /// <summary>One plane's pointers, sizes and padding, and where the work item's rows end.</summary>
    private readonly struct GroupRows(float* input, int inputHeight, int inputWidth, int padLeft, float* output, int outputWidth, nint endPixel)
    {
        public float* Input { get; } = input;

        public int InputHeight { get; } = inputHeight;

        public int InputWidth { get; } = inputWidth;

        public int PadLeft { get; } = padLeft;

        public float* Output { get; } = output;

        public int OutputWidth { get; } = outputWidth;

        public nint EndPixel { get; } = endPixel;
    }
}
