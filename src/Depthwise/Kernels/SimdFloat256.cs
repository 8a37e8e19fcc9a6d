using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector256{T}"/>: 8 floats per register.</summary>
internal unsafe readonly struct SimdFloat256 : ISimdFloat<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    public static void Store(Vector256<float> value, ref float destination) => Vector256.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* destination) => Vector256.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Activate<TActivation>(Vector256<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Permute(Vector256<float> low, Vector256<float> high, int* indices)
    {
        var index = Vector256.Load(indices);
        if (Avx2.IsSupported)
        {
            var within = index & Vector256.Create(7);
            return Vector256.ConditionalSelect(
                Vector256.GreaterThan(index, Vector256.Create(7)).AsSingle(), Avx2.PermuteVar8x32(high, within), Avx2.PermuteVar8x32(low, within));
        }

        return Vector256.Create(
            Pick(low, high, indices[0]), Pick(low, high, indices[1]), Pick(low, high, indices[2]), Pick(low, high, indices[3]),
            Pick(low, high, indices[4]), Pick(low, high, indices[5]), Pick(low, high, indices[6]), Pick(low, high, indices[7]));
    }

    private static float Pick(Vector256<float> low, Vector256<float> high, int index) => index < 8 ? low.GetElement(index) : high.GetElement(index - 8);

    // One two-source permute with AVX-512VL; with AVX2 a 128-bit-lane shuffle ([l0 l2 h0 h2 | l4 l6 h4 h6]) and a
    // 64-bit permute that puts the pairs in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EvenLanes(Vector256<float> low, Vector256<float> high)
    {
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.PermuteVar8x32x2(low, Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14), high);
        }

        return Avx2.IsSupported
            ? Avx2.Permute4x64(Avx.Shuffle(low, high, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle()
            : Vector256.Create(SimdFloat128.EvenLanes(low.GetLower(), low.GetUpper()), SimdFloat128.EvenLanes(high.GetLower(), high.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OddLanes(Vector256<float> low, Vector256<float> high)
    {
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.PermuteVar8x32x2(low, Vector256.Create(1, 3, 5, 7, 9, 11, 13, 15), high);
        }

        return Avx2.IsSupported
            ? Avx2.Permute4x64(Avx.Shuffle(low, high, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle()
            : Vector256.Create(SimdFloat128.OddLanes(low.GetLower(), low.GetUpper()), SimdFloat128.OddLanes(high.GetLower(), high.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LaneMask(int first, int end) => (FirstLanes(end).AsInt32() & ~FirstLanes(first).AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadMasked(float* source, Vector256<float> mask) =>
        Avx.IsSupported ? Avx.MaskLoad(source, mask) : PartialVector.Load<SimdFloat256, Vector256<float>>(source, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftUp(Vector256<float> value) =>
        Avx.Blend(Avx2.PermuteVar8x32(value, Vector256.Create(7, 0, 1, 2, 3, 4, 5, 6)), Vector256<float>.Zero, 0b0000_0001);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftDown(Vector256<float> value) =>
        Avx.Blend(Avx2.PermuteVar8x32(value, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 0)), Vector256<float>.Zero, 0b1000_0000);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftDown(Vector256<float> value, Vector256<float> fill)
    {
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.AlignRight32(fill.AsInt32(), value.AsInt32(), 1).AsSingle();
        }

        return Avx2.IsSupported
            ? Avx.Blend(Avx2.PermuteVar8x32(value, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 0)), fill, 0b1000_0000)
            : Vector256.Create(SimdFloat128.ShiftDown(value.GetLower(), Vector128.Create(value.GetElement(4))), SimdFloat128.ShiftDown(value.GetUpper(), fill.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<float> value, float* destination, int count)
    {
        if (Avx.IsSupported)
        {
            Avx.MaskStore(destination, FirstLanes(count), value);
        }
        else
        {
            PartialVector.Store<SimdFloat256, Vector256<float>>(value, destination, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FirstLanes(int count) => Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeToBlocks(float** rows, nint offset, float* destination) => TransposeEight(rows, offset, destination, 8);

    /// <summary>
    /// 8×8 tile: 8 floats at <c>rows[i] + offset</c> for i &lt; 8 → pixel p's 8 channels at <c>destination + p·stride</c>
    /// (stride 8 for a 256-bit block, 16 for one half of a 512-bit block).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeEight(float** rows, nint offset, float* destination, nint stride)
    {
        Transpose(
            Vector256.Load(rows[0] + offset), Vector256.Load(rows[1] + offset), Vector256.Load(rows[2] + offset), Vector256.Load(rows[3] + offset),
            Vector256.Load(rows[4] + offset), Vector256.Load(rows[5] + offset), Vector256.Load(rows[6] + offset), Vector256.Load(rows[7] + offset),
            out var pixel0, out var pixel1, out var pixel2, out var pixel3, out var pixel4, out var pixel5, out var pixel6, out var pixel7);
        Vector256.Store(pixel0, destination);
        Vector256.Store(pixel1, destination + stride);
        Vector256.Store(pixel2, destination + (2 * stride));
        Vector256.Store(pixel3, destination + (3 * stride));
        Vector256.Store(pixel4, destination + (4 * stride));
        Vector256.Store(pixel5, destination + (5 * stride));
        Vector256.Store(pixel6, destination + (6 * stride));
        Vector256.Store(pixel7, destination + (7 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePlanes(
        Vector256<float> pixel0, Vector256<float> pixel1, Vector256<float> pixel2, Vector256<float> pixel3,
        Vector256<float> pixel4, Vector256<float> pixel5, Vector256<float> pixel6, Vector256<float> pixel7,
        float** planes, nint offset, int lanes, int count)
    {
        if (count < DepthwiseConvKernel.PixelsPerBlock)
        {
            PlaneSpill.Store<SimdFloat256, Vector256<float>>(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, planes, offset, lanes, count);
            return;
        }

        Transpose(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, out var channel0, out var channel1, out var channel2, out var channel3, out var channel4, out var channel5, out var channel6, out var channel7);
        if (lanes == 8)
        {
            Vector256.Store(channel0, planes[0] + offset);
            Vector256.Store(channel1, planes[1] + offset);
            Vector256.Store(channel2, planes[2] + offset);
            Vector256.Store(channel3, planes[3] + offset);
            Vector256.Store(channel4, planes[4] + offset);
            Vector256.Store(channel5, planes[5] + offset);
            Vector256.Store(channel6, planes[6] + offset);
            Vector256.Store(channel7, planes[7] + offset);
            return;
        }

        StorePartial(channel0, channel1, channel2, channel3, channel4, channel5, channel6, channel7, planes, offset, lanes);
    }

    // Kept apart from StorePlanes so that StorePlanes, free of stackalloc, can be inlined.
    private static void StorePartial(
        Vector256<float> channel0, Vector256<float> channel1, Vector256<float> channel2, Vector256<float> channel3,
        Vector256<float> channel4, Vector256<float> channel5, Vector256<float> channel6, Vector256<float> channel7,
        float** planes, nint offset, int lanes)
    {
        var channels = stackalloc Vector256<float>[8] { channel0, channel1, channel2, channel3, channel4, channel5, channel6, channel7 };
        for (var lane = 0; lane < lanes; lane++)
        {
            Vector256.Store(channels[lane], planes[lane] + offset);
        }
    }

    /// <summary>An 8×8 transpose of registers: column k holds element k of each row, in row order.</summary>
    /// <remarks>Three rounds of two-input shuffles: unpack pairs, move 64-bit pairs within 128-bit lanes, swap 128-bit lanes.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose(
        Vector256<float> row0, Vector256<float> row1, Vector256<float> row2, Vector256<float> row3,
        Vector256<float> row4, Vector256<float> row5, Vector256<float> row6, Vector256<float> row7,
        out Vector256<float> column0, out Vector256<float> column1, out Vector256<float> column2, out Vector256<float> column3,
        out Vector256<float> column4, out Vector256<float> column5, out Vector256<float> column6, out Vector256<float> column7)
    {
        if (Avx.IsSupported)
        {
            var low01 = Avx.UnpackLow(row0, row1);
            var high01 = Avx.UnpackHigh(row0, row1);
            var low23 = Avx.UnpackLow(row2, row3);
            var high23 = Avx.UnpackHigh(row2, row3);
            var low45 = Avx.UnpackLow(row4, row5);
            var high45 = Avx.UnpackHigh(row4, row5);
            var low67 = Avx.UnpackLow(row6, row7);
            var high67 = Avx.UnpackHigh(row6, row7);

            // Within each 128-bit lane L: quarter k holds column 4L + k of rows 0–3 (or 4–7).
            var quarter0 = Avx.Shuffle(low01, low23, 0x44);
            var quarter1 = Avx.Shuffle(low01, low23, 0xEE);
            var quarter2 = Avx.Shuffle(high01, high23, 0x44);
            var quarter3 = Avx.Shuffle(high01, high23, 0xEE);
            var quarter4 = Avx.Shuffle(low45, low67, 0x44);
            var quarter5 = Avx.Shuffle(low45, low67, 0xEE);
            var quarter6 = Avx.Shuffle(high45, high67, 0x44);
            var quarter7 = Avx.Shuffle(high45, high67, 0xEE);

            column0 = Avx.Permute2x128(quarter0, quarter4, 0x20);
            column1 = Avx.Permute2x128(quarter1, quarter5, 0x20);
            column2 = Avx.Permute2x128(quarter2, quarter6, 0x20);
            column3 = Avx.Permute2x128(quarter3, quarter7, 0x20);
            column4 = Avx.Permute2x128(quarter0, quarter4, 0x31);
            column5 = Avx.Permute2x128(quarter1, quarter5, 0x31);
            column6 = Avx.Permute2x128(quarter2, quarter6, 0x31);
            column7 = Avx.Permute2x128(quarter3, quarter7, 0x31);
            return;
        }

        column0 = Column(0, row0, row1, row2, row3, row4, row5, row6, row7);
        column1 = Column(1, row0, row1, row2, row3, row4, row5, row6, row7);
        column2 = Column(2, row0, row1, row2, row3, row4, row5, row6, row7);
        column3 = Column(3, row0, row1, row2, row3, row4, row5, row6, row7);
        column4 = Column(4, row0, row1, row2, row3, row4, row5, row6, row7);
        column5 = Column(5, row0, row1, row2, row3, row4, row5, row6, row7);
        column6 = Column(6, row0, row1, row2, row3, row4, row5, row6, row7);
        column7 = Column(7, row0, row1, row2, row3, row4, row5, row6, row7);
    }

    private static Vector256<float> Column(
        int index, Vector256<float> row0, Vector256<float> row1, Vector256<float> row2, Vector256<float> row3,
        Vector256<float> row4, Vector256<float> row5, Vector256<float> row6, Vector256<float> row7) =>
        Vector256.Create(row0[index], row1[index], row2[index], row3[index], row4[index], row5[index], row6[index], row7[index]);
}
