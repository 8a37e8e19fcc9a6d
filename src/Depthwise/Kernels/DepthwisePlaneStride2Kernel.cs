using System.Runtime.CompilerServices;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The planar depthwise kernel for NCHW data, 3×3 with stride 2 and no dilation: one register holds <c>lanes</c>
/// neighbouring output columns of one channel. Output column x reads input columns 2x − padLeft + kx, so each input
/// row is loaded as registers of consecutive columns and split into even and odd columns in registers (two-source
/// permutes) once per input row, not per tap: tap 0 is the even columns, tap 1 the odd ones, tap 2 the even columns of
/// the row loaded two columns later. NCHW input and output are used in place, with no transposes (see docs/kernels.md,
/// "Planar kernel").
/// </summary>
/// <remarks>
/// <para>
/// Work is done in groups of four output rows of one register: the nine input rows they span are split once each and
/// feed every output row that reads them (input row 2j + 2 is kernel row 2 of output row j and kernel row 0 of output
/// row j + 1). Two groups run together — the register's neighbour in the same rows, or, on rows that one register
/// covers, the same register four rows down — for eight accumulator chains. On wider rows one call runs the pair down
/// every following group that fits, reusing the split of each group's last input row as the next group's first. Registers whose loads reach past either
/// end of the row use masked loads (zeros for padding columns); the top and bottom rows, whose window leaves the
/// image, and the rows left over run one at a time with the kernel rows clipped.
/// </para>
/// <para>
/// Each output element is the bias, then one FMA per tap in row-major order (ky, then kx; padding columns add
/// fma(0, w, acc) and padding rows are skipped), then the activation: exactly the operations of the channel-blocked
/// kernel, so both give the same bits.
/// </para>
/// </remarks>
internal static unsafe class DepthwisePlaneStride2Kernel
{
    /// <summary>Output rows computed together from shared input rows.</summary>
    public const int RowsPerGroup = 4;

    private const int KernelSize = 3;

    private const int Stride = 2;

    // Input rows a group reads: (RowsPerGroup − 1)·stride + kernel.
    private const int GroupInputRows = ((RowsPerGroup - 1) * Stride) + KernelSize;

    // Input rows from one group to the next.
    private const int GroupInputStride = RowsPerGroup * Stride;

    /// <summary>Whether this kernel computes the geometry: 3×3, stride 2, dilation 1.</summary>
    public static bool Supports(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(KernelSize, KernelSize) && geometry.Stride == new Size2D(Stride, Stride) && geometry.Dilation == new Size2D(1, 1);

    // one plane: input (H, W), weights 3×3 at `weights` + tap·weightStride, bias → output rows [firstRow, endRow) of (Ho, Wo)
    public static void Rows<TSimd, TVector, TActivation>(
        float* input, float* output, float* weights, nint weightStride, float bias, in ConvGeometry geometry, int firstRow, int endRow, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var inputHeight = geometry.InputHeight;
        var inputWidth = geometry.InputWidth;
        var outputWidth = geometry.OutputWidth;
        var padLeft = geometry.PadLeft;
        var taps = DepthwisePlaneTaps<TVector>.Broadcast<TSimd>(bias, weights, weightStride);
        var lanes = TSimd.Count;
        var registers = (outputWidth + lanes - 1) / lanes;
        var endPixel = (nint)endRow * outputWidth;
        var plane = new Plane(input, output, inputWidth, outputWidth, padLeft, endPixel);
        var y = firstRow;
        while (y < endRow)
        {
            if (!GroupFits(geometry, y, endRow))
            {
                var origin = geometry.InputRowOrigin(y);
                SingleRow<TSimd, TVector, TActivation>(
                    plane, input + ((nint)origin * inputWidth), Math.Clamp(-origin, 0, KernelSize), Math.Clamp(inputHeight - origin, 0, KernelSize), y, registers, taps, activation);
                y++;
                continue;
            }

            if (registers == 1)
            {
                // One register per row: pair this group with the one four rows down when that fits too (else with itself).
                var next = GroupFits(geometry, y + RowsPerGroup, endRow)
                    && geometry.InputRowOrigin(y + RowsPerGroup) + GroupInputRows <= inputHeight ? y + RowsPerGroup : y;
                GroupPair<TSimd, TVector, TActivation>(plane, geometry, y, 0, next, 0, 1, taps, activation);
                y = next + RowsPerGroup;
                continue;
            }

            // The groups that follow and fit too run in the same call, one register pair at a time down the plane:
            // the call's set-up (taps into registers, the column checks) is paid once per pair of register columns,
            // not once per group.
            var groups = 1;
            while (GroupFits(geometry, y + (groups * RowsPerGroup), endRow))
            {
                groups++;
            }

            // Registers in pairs; an odd last register pairs with itself (computed twice, stored twice, same bits).
            for (var register = 0; register < registers; register += 2)
            {
                var xA = Column(register, lanes, outputWidth);
                var xB = Column(Math.Min(register + 1, registers - 1), lanes, outputWidth);
                GroupPair<TSimd, TVector, TActivation>(plane, geometry, y, xA, y, xB, groups, taps, activation);
            }

            y += groups * RowsPerGroup;
        }
    }

    // Whether output rows y … y + 3 are the item's and read only input rows inside the image, but for the last one,
    // which may be bottom padding (the bottom row of SAME-padded even heights).
    private static bool GroupFits(in ConvGeometry geometry, int y, int endRow)
    {
        var origin = geometry.InputRowOrigin(y);
        return y + RowsPerGroup <= endRow && origin >= 0 && origin + GroupInputRows - 1 <= geometry.InputHeight;
    }

    // Output rows yA … yA + 3 at column xA and yB … yB + 3 at column xB: two groups, eight accumulator chains; then
    // the next `groups` − 1 such pairs, four rows further down each.
    private static void GroupPair<TSimd, TVector, TActivation>(
        in Plane plane, in ConvGeometry geometry, int yA, int xA, int yB, int xB, int groups, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var startA = (xA * Stride) - plane.PadLeft;
        var startB = (xB * Stride) - plane.PadLeft;
        var inputA = plane.Input + ((nint)geometry.InputRowOrigin(yA) * plane.InputWidth) + startA;
        var inputB = plane.Input + ((nint)geometry.InputRowOrigin(yB) * plane.InputWidth) + startB;
        var lastRows = (groups - 1) * RowsPerGroup;
        var lastRowInside = geometry.InputRowOrigin(yA + lastRows) + GroupInputRows <= geometry.InputHeight
            && geometry.InputRowOrigin(yB + lastRows) + GroupInputRows <= geometry.InputHeight;
        if (Interior<TSimd, TVector>(startA, plane.InputWidth) && Interior<TSimd, TVector>(startB, plane.InputWidth))
        {
            GroupPair<TSimd, TVector, InteriorColumns, TActivation>(plane, inputA, startA, yA, xA, inputB, startB, yB, xB, groups, lastRowInside, taps, activation);
        }
        else if (LoadsInside<TSimd, TVector>(startA, plane.InputWidth) && LoadsInside<TSimd, TVector>(startB, plane.InputWidth))
        {
            // Only the shifted-in column of a register may be padding (the last register of an even-width row with
            // SAME padding): plain loads, no masks.
            GroupPair<TSimd, TVector, EdgeColumns, TActivation>(plane, inputA, startA, yA, xA, inputB, startB, yB, xB, groups, lastRowInside, taps, activation);
        }
        else
        {
            GroupPair<TSimd, TVector, ClippedColumns, TActivation>(plane, inputA, startA, yA, xA, inputB, startB, yB, xB, groups, lastRowInside, taps, activation);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GroupPair<TSimd, TVector, TColumns, TActivation>(
        in Plane plane, float* inputA, int startA, int yA, int xA, float* inputB, int startB, int yB, int xB, int groups, bool lastRowInside, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var width = plane.InputWidth;
        var masksA = TColumns.Clipped ? Masks<TSimd, TVector>(startA, width) : default;
        var masksB = TColumns.Clipped ? Masks<TSimd, TVector>(startB, width) : default;
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        // Input row 8 of a group is row 0 of the next one: its split carries over (a0 … b2 hold it), so each input
        // row of a call is loaded and split once.
        var groupStride = (nint)GroupInputStride * width;
        TVector a0 = default, a1 = default, a2 = default, b0 = default, b1 = default, b2 = default;
        for (var group = 0; group < groups; group++)
        {
            var rowA = inputA + (group * groupStride);
            var rowB = inputB + (group * groupStride);
            var accumulator0A = taps.Bias;
            var accumulator1A = accumulator0A;
            var accumulator2A = accumulator0A;
            var accumulator3A = accumulator0A;
            var accumulator0B = accumulator0A;
            var accumulator1B = accumulator0A;
            var accumulator2B = accumulator0A;
            var accumulator3B = accumulator0A;

            // Input row i of the group is kernel row i − 2j of output row j.
            if (group == 0)
            {
                Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
                Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            }

            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w00, w01, w02, ref accumulator0A, ref accumulator0B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w10, w11, w12, ref accumulator0A, ref accumulator0B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w20, w21, w22, ref accumulator0A, ref accumulator0B, w00, w01, w02, ref accumulator1A, ref accumulator1B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w10, w11, w12, ref accumulator1A, ref accumulator1B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w20, w21, w22, ref accumulator1A, ref accumulator1B, w00, w01, w02, ref accumulator2A, ref accumulator2B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w10, w11, w12, ref accumulator2A, ref accumulator2B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w20, w21, w22, ref accumulator2A, ref accumulator2B, w00, w01, w02, ref accumulator3A, ref accumulator3B);

            rowA += width;
            rowB += width;
            Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
            Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
            Accumulate<TSimd, TVector>(a0, a1, a2, b0, b1, b2, w10, w11, w12, ref accumulator3A, ref accumulator3B);

            // The last input row is bottom padding for the last groups' last rows when the image ends there: skipped. (A group
            // four rows above another never ends in padding: Rows pairs them only when the lower one is inside.)
            if (group < groups - 1 || lastRowInside)
            {
                rowA += width;
                rowB += width;
                Split<TSimd, TVector, TColumns>(rowA, masksA, out a0, out a1, out a2);
                Split<TSimd, TVector, TColumns>(rowB, masksB, out b0, out b1, out b2);
                accumulator3A = Accumulate<TSimd, TVector>(a0, a1, a2, w20, w21, w22, accumulator3A);
                accumulator3B = Accumulate<TSimd, TVector>(b0, b1, b2, w20, w21, w22, accumulator3B);
            }

            // Group A first: when B is the same register four rows down, A's last row may spill into B's first row,
            // which B's store then overwrites.
            var outputWidth = plane.OutputWidth;
            var pixelA = ((nint)(yA + (group * RowsPerGroup)) * outputWidth) + xA;
            var pixelB = ((nint)(yB + (group * RowsPerGroup)) * outputWidth) + xB;
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator0A, activation), pixelA);
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator1A, activation), pixelA + outputWidth);
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator2A, activation), pixelA + (2 * outputWidth));
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator3A, activation), pixelA + (3 * outputWidth));
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator0B, activation), pixelB);
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator1B, activation), pixelB + outputWidth);
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator2B, activation), pixelB + (2 * outputWidth));
            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator3B, activation), pixelB + (3 * outputWidth));
        }
    }

    // input rows of kernel rows [kyFirst, kyEnd) from `rows` (kernel row 0) → output row y, all columns
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SingleRow<TSimd, TVector, TActivation>(
        in Plane plane, float* rows, int kyFirst, int kyEnd, int y, int registers, in DepthwisePlaneTaps<TVector> taps, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        for (var register = 0; register < registers; register++)
        {
            var x = Column(register, lanes, plane.OutputWidth);
            var start = (x * Stride) - plane.PadLeft;
            var masks = Masks<TSimd, TVector>(start, plane.InputWidth);
            var accumulator = taps.Bias;
            for (var ky = kyFirst; ky < kyEnd; ky++)
            {
                Split<TSimd, TVector, ClippedColumns>(rows + ((nint)ky * plane.InputWidth) + start, masks, out var tap0, out var tap1, out var tap2);
                accumulator = ky switch
                {
                    0 => Accumulate<TSimd, TVector>(tap0, tap1, tap2, taps.W00, taps.W01, taps.W02, accumulator),
                    1 => Accumulate<TSimd, TVector>(tap0, tap1, tap2, taps.W10, taps.W11, taps.W12, accumulator),
                    _ => Accumulate<TSimd, TVector>(tap0, tap1, tap2, taps.W20, taps.W21, taps.W22, accumulator),
                };
            }

            plane.Store<TSimd, TVector>(TSimd.Activate(accumulator, activation), ((nint)y * plane.OutputWidth) + x);
        }
    }

    // The three taps of one kernel row for a register: input columns start + 2i (tap 0), + 1 (tap 1), + 2 (tap 2) for
    // lanes i. Two loads of consecutive columns split into even lanes (tap 0) and odd lanes (tap 1); tap 2 is tap 0
    // moved down a lane with column start + 2·lanes shifted in (one broadcast load, zero when it is padding).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split<TSimd, TVector, TColumns>(float* input, in ColumnMasks<TVector> masks, out TVector tap0, out TVector tap1, out TVector tap2)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
    {
        var lanes = TSimd.Count;
        TVector low, high, last;
        if (TColumns.Edges)
        {
            low = TSimd.Load(input);
            high = TSimd.Load(input + lanes);
            last = masks.LastInside ? TSimd.Broadcast(input[2 * lanes]) : TSimd.Zero;
        }
        else if (TColumns.Clipped)
        {
            low = TSimd.LoadMasked(input, masks.Low);
            high = TSimd.LoadMasked(input + lanes, masks.High);
            last = masks.LastInside ? TSimd.Broadcast(input[2 * lanes]) : TSimd.Zero;
        }
        else
        {
            low = TSimd.Load(input);
            high = TSimd.Load(input + lanes);
            last = TSimd.Broadcast(input[2 * lanes]);
        }

        tap0 = TSimd.EvenLanes(low, high);
        tap1 = TSimd.OddLanes(low, high);
        tap2 = TSimd.ShiftDown(tap0, last);
    }

    // Kernel row with weights w0, w1, w2 in kx order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Accumulate<TSimd, TVector>(TVector tap0, TVector tap1, TVector tap2, TVector w0, TVector w1, TVector w2, TVector accumulator)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct =>
        TSimd.MultiplyAdd(tap2, w2, TSimd.MultiplyAdd(tap1, w1, TSimd.MultiplyAdd(tap0, w0, accumulator)));

    // Kernel row with weights w0, w1, w2 in kx order for two registers' accumulators, their FMAs interleaved so that
    // the two dependency chains run side by side (same operations per accumulator as Accumulate).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TSimd, TVector>(
        TVector a0, TVector a1, TVector a2, TVector b0, TVector b1, TVector b2, TVector w0, TVector w1, TVector w2, ref TVector accumulatorA, ref TVector accumulatorB)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var a = TSimd.MultiplyAdd(a0, w0, accumulatorA);
        var b = TSimd.MultiplyAdd(b0, w0, accumulatorB);
        a = TSimd.MultiplyAdd(a1, w1, a);
        b = TSimd.MultiplyAdd(b1, w1, b);
        accumulatorA = TSimd.MultiplyAdd(a2, w2, a);
        accumulatorB = TSimd.MultiplyAdd(b2, w2, b);
    }

    // An input row that is kernel row 2 of output row j (weights w0…w2, accumulators jA, jB) and kernel row 0 of
    // output row j + 1 (weights v0…v2, accumulators kA, kB): four dependency chains interleaved tap by tap.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TSimd, TVector>(
        TVector a0, TVector a1, TVector a2, TVector b0, TVector b1, TVector b2, TVector w0, TVector w1, TVector w2, ref TVector accumulatorJA, ref TVector accumulatorJB,
        TVector v0, TVector v1, TVector v2, ref TVector accumulatorKA, ref TVector accumulatorKB)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var ja = TSimd.MultiplyAdd(a0, w0, accumulatorJA);
        var jb = TSimd.MultiplyAdd(b0, w0, accumulatorJB);
        var ka = TSimd.MultiplyAdd(a0, v0, accumulatorKA);
        var kb = TSimd.MultiplyAdd(b0, v0, accumulatorKB);
        ja = TSimd.MultiplyAdd(a1, w1, ja);
        jb = TSimd.MultiplyAdd(b1, w1, jb);
        ka = TSimd.MultiplyAdd(a1, v1, ka);
        kb = TSimd.MultiplyAdd(b1, v1, kb);
        accumulatorJA = TSimd.MultiplyAdd(a2, w2, ja);
        accumulatorJB = TSimd.MultiplyAdd(b2, w2, jb);
        accumulatorKA = TSimd.MultiplyAdd(a2, v2, ka);
        accumulatorKB = TSimd.MultiplyAdd(b2, v2, kb);
    }

    // Whether the columns start … start + 2·lanes that a register reads are all inside the row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Interior<TSimd, TVector>(int start, int inputWidth)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct => start >= 0 && start + (2 * TSimd.Count) + 1 <= inputWidth;

    // Whether the columns start … start + 2·lanes − 1 that a register loads are all inside the row (the shifted-in
    // column start + 2·lanes may not be).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LoadsInside<TSimd, TVector>(int start, int inputWidth)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct => start >= 0 && start + (2 * TSimd.Count) <= inputWidth;

    // Register i of an output row starts at column i·lanes, the last one pulled back to end at the row's end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Column(int register, int lanes, int outputWidth) => Math.Max(Math.Min(register * lanes, outputWidth - lanes), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ColumnMasks<TVector> Masks<TSimd, TVector>(int start, int width)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var last = start + (2 * lanes);
        return new ColumnMasks<TVector>(LaneMask<TSimd, TVector>(start, width), LaneMask<TSimd, TVector>(start + lanes, width), last >= 0 && last < width);
    }

    // The lanes of a register of input columns start … start + lanes − 1 that are inside [0, width).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector LaneMask<TSimd, TVector>(int start, int width)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        return TSimd.LaneMask(Math.Clamp(-start, 0, lanes), Math.Clamp(width - start, 0, lanes));
    }

    /// <summary>The load masks of a clipped register (columns start and start + lanes), and whether column start + 2·lanes is inside the row.</summary>
    private readonly struct ColumnMasks<TVector>(TVector low, TVector high, bool lastInside)
        where TVector : struct
    {
        public TVector Low { get; } = low;

        public TVector High { get; } = high;

        public bool LastInside { get; } = lastInside;
    }

    /// <summary>One plane's pointers and widths, and where the work item's rows end.</summary>
    private readonly struct Plane(float* input, float* output, int inputWidth, int outputWidth, int padLeft, nint endPixel)
    {
        public float* Input { get; } = input;

        public float* Output { get; } = output;

        public int InputWidth { get; } = inputWidth;

        public int OutputWidth { get; } = outputWidth;

        public int PadLeft { get; } = padLeft;

        // A whole register at output pixel `pixel`, unless it would run past the work item's last row (a row narrower
        // than the register spills into the next row, which the item overwrites later): then only the row's pixels.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store<TSimd, TVector>(TVector value, nint pixel)
            where TSimd : struct, ISimdFloat<TVector>
            where TVector : struct
        {
            if (pixel + TSimd.Count <= endPixel)
            {
                TSimd.Store(value, Output + pixel);
            }
            else
            {
                TSimd.StoreFirst(value, Output + pixel, OutputWidth);
            }
        }
    }
}
