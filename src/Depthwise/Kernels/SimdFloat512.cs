using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector512{T}"/>: 16 floats per register.</summary>
internal unsafe readonly struct SimdFloat512 : ISimdFloat<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    public static void Store(Vector512<float> value, ref float destination) => Vector512.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* destination) => Vector512.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate<TActivation>(Vector512<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Permute(Vector512<float> low, Vector512<float> high, int* indices) =>
        Avx512F.PermuteVar16x32x2(low, Vector512.Load(indices), high);

    // One two-source permute each.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> EvenLanes(Vector512<float> low, Vector512<float> high) => Avx512F.IsSupported
        ? Avx512F.PermuteVar16x32x2(low, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), high)
        : Vector512.Create(SimdFloat256.EvenLanes(low.GetLower(), low.GetUpper()), SimdFloat256.EvenLanes(high.GetLower(), high.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> OddLanes(Vector512<float> low, Vector512<float> high) => Avx512F.IsSupported
        ? Avx512F.PermuteVar16x32x2(low, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), high)
        : Vector512.Create(SimdFloat256.OddLanes(low.GetLower(), low.GetUpper()), SimdFloat256.OddLanes(high.GetLower(), high.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LaneMask(int first, int end) => (FirstLanes(end).AsInt32() & ~FirstLanes(first).AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadMasked(float* source, Vector512<float> mask) =>
        Avx512F.IsSupported ? Avx512F.MaskLoad(source, mask, Vector512<float>.Zero) : PartialVector.Load<SimdFloat512, Vector512<float>>(source, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftUp(Vector512<float> value) =>
        Avx512F.AlignRight32(value.AsInt32(), Vector512<int>.Zero, 15).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftDown(Vector512<float> value) =>
        Avx512F.AlignRight32(Vector512<int>.Zero, value.AsInt32(), 1).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftDown(Vector512<float> value, Vector512<float> fill) =>
        Avx512F.IsSupported
            ? Avx512F.AlignRight32(fill.AsInt32(), value.AsInt32(), 1).AsSingle()
            : Vector512.Create(SimdFloat256.ShiftDown(value.GetLower(), Vector256.Create(value.GetElement(8))), SimdFloat256.ShiftDown(value.GetUpper(), fill.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector512<float> value, float* destination, int count)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.MaskStore(destination, FirstLanes(count), value);
        }
        else
        {
            PartialVector.Store<SimdFloat512, Vector512<float>>(value, destination, count);
        }
    }

    // 16×16 as four 8×8 transposes of 256-bit halves (three rounds of two-input shuffles each). Measured on Zen 4 in
    // the planar path of a 3×3 layer: faster than the 64 512-bit shuffles of a direct 16×16 transpose, which the core
    // executes at half the rate of 256-bit ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeToBlocks(float** rows, nint offset, float* destination)
    {
        if (!Avx.IsSupported)
        {
            for (var pixel = 0; pixel < 16; pixel++)
            {
                for (var lane = 0; lane < 16; lane++)
                {
                    destination[(pixel * 16) + lane] = rows[lane][offset + pixel];
                }
            }

            return;
        }

        // Channels 0–7 then 8–15 (the low and high halves of each pixel's register), pixels 0–7 then 8–15.
        SimdFloat256.TransposeEight(rows, offset, destination, 16);
        SimdFloat256.TransposeEight(rows, offset + 8, destination + (8 * 16), 16);
        SimdFloat256.TransposeEight(rows + 8, offset, destination + 8, 16);
        SimdFloat256.TransposeEight(rows + 8, offset + 8, destination + (8 * 16) + 8, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePlanes(
        Vector512<float> pixel0, Vector512<float> pixel1, Vector512<float> pixel2, Vector512<float> pixel3,
        Vector512<float> pixel4, Vector512<float> pixel5, Vector512<float> pixel6, Vector512<float> pixel7,
        float** planes, nint offset, int lanes, int count)
    {
        if (!Avx512F.VL.IsSupported || lanes < 16)
        {
            PlaneSpill.Store<SimdFloat512, Vector512<float>>(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, planes, offset, lanes, count);
            return;
        }

        // Round 1 interleaves pairs of pixels, round 2 pairs of 64-bit halves: within 128-bit lane L, early k holds
        // channel 4L + k of pixels 0–3 and late k of pixels 4–7.
        var low01 = Avx512F.UnpackLow(pixel0, pixel1);
        var high01 = Avx512F.UnpackHigh(pixel0, pixel1);
        var low23 = Avx512F.UnpackLow(pixel2, pixel3);
        var high23 = Avx512F.UnpackHigh(pixel2, pixel3);
        var low45 = Avx512F.UnpackLow(pixel4, pixel5);
        var high45 = Avx512F.UnpackHigh(pixel4, pixel5);
        var low67 = Avx512F.UnpackLow(pixel6, pixel7);
        var high67 = Avx512F.UnpackHigh(pixel6, pixel7);
        var early0 = Avx512F.Shuffle(low01, low23, 0x44);
        var early1 = Avx512F.Shuffle(low01, low23, 0xEE);
        var early2 = Avx512F.Shuffle(high01, high23, 0x44);
        var early3 = Avx512F.Shuffle(high01, high23, 0xEE);
        var late0 = Avx512F.Shuffle(low45, low67, 0x44);
        var late1 = Avx512F.Shuffle(low45, low67, 0xEE);
        var late2 = Avx512F.Shuffle(high45, high67, 0x44);
        var late3 = Avx512F.Shuffle(high45, high67, 0xEE);

        // Round 3: one two-source permute per half joins early and late lanes: [early.L0, late.L0, early.L1, late.L1]
        // holds channel k (low 256 bits) and channel 4 + k (high); lanes 2 and 3 give channels 8 + k and 12 + k.
        var first = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
        var second = Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);

        // A row narrower than a block stores its first `count` pixels with masked 256-bit stores.
        var pixelMask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early0, first, late0), planes[0] + offset, planes[4] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early0, second, late0), planes[8] + offset, planes[12] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early1, first, late1), planes[1] + offset, planes[5] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early1, second, late1), planes[9] + offset, planes[13] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early2, first, late2), planes[2] + offset, planes[6] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early2, second, late2), planes[10] + offset, planes[14] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early3, first, late3), planes[3] + offset, planes[7] + offset, count, pixelMask);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early3, second, late3), planes[11] + offset, planes[15] + offset, count, pixelMask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreChannelPair(Vector512<float> pair, float* low, float* high, int count, Vector256<float> pixelMask)
    {
        if (count == DepthwiseConvKernel.PixelsPerBlock)
        {
            Vector256.Store(pair.GetLower(), low);
            Vector256.Store(pair.GetUpper(), high);
        }
        else
        {
            Avx512F.VL.MaskStore(low, pixelMask, pair.GetLower());
            Avx512F.VL.MaskStore(high, pixelMask, pair.GetUpper());
        }
    }
}
