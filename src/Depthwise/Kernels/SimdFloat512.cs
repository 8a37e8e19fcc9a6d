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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* destination) => Vector512.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate<TActivation>(Vector512<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);

    // 16×16 in four rounds of sixteen two-input shuffles (the fewest two-input shuffles can do: each output register
    // gathers one float from each of 16 inputs). Measured on Zen 4: 4 cycles per register, and the shuffles issue
    // alongside FMAs, which is why the planar conversions are interleaved with the convolution instead of run apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeToBlocks(float** rows, nint offset, float* destination)
    {
        if (!Avx512F.IsSupported)
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

        // Round 1: interleave pairs of rows. Within 128-bit lane L, low01 = [r0[4L], r1[4L], r0[4L+1], r1[4L+1]].
        var low01 = Avx512F.UnpackLow(Vector512.Load(rows[0] + offset), Vector512.Load(rows[1] + offset));
        var high01 = Avx512F.UnpackHigh(Vector512.Load(rows[0] + offset), Vector512.Load(rows[1] + offset));
        var low23 = Avx512F.UnpackLow(Vector512.Load(rows[2] + offset), Vector512.Load(rows[3] + offset));
        var high23 = Avx512F.UnpackHigh(Vector512.Load(rows[2] + offset), Vector512.Load(rows[3] + offset));
        var low45 = Avx512F.UnpackLow(Vector512.Load(rows[4] + offset), Vector512.Load(rows[5] + offset));
        var high45 = Avx512F.UnpackHigh(Vector512.Load(rows[4] + offset), Vector512.Load(rows[5] + offset));
        var low67 = Avx512F.UnpackLow(Vector512.Load(rows[6] + offset), Vector512.Load(rows[7] + offset));
        var high67 = Avx512F.UnpackHigh(Vector512.Load(rows[6] + offset), Vector512.Load(rows[7] + offset));
        var low89 = Avx512F.UnpackLow(Vector512.Load(rows[8] + offset), Vector512.Load(rows[9] + offset));
        var high89 = Avx512F.UnpackHigh(Vector512.Load(rows[8] + offset), Vector512.Load(rows[9] + offset));
        var low1011 = Avx512F.UnpackLow(Vector512.Load(rows[10] + offset), Vector512.Load(rows[11] + offset));
        var high1011 = Avx512F.UnpackHigh(Vector512.Load(rows[10] + offset), Vector512.Load(rows[11] + offset));
        var low1213 = Avx512F.UnpackLow(Vector512.Load(rows[12] + offset), Vector512.Load(rows[13] + offset));
        var high1213 = Avx512F.UnpackHigh(Vector512.Load(rows[12] + offset), Vector512.Load(rows[13] + offset));
        var low1415 = Avx512F.UnpackLow(Vector512.Load(rows[14] + offset), Vector512.Load(rows[15] + offset));
        var high1415 = Avx512F.UnpackHigh(Vector512.Load(rows[14] + offset), Vector512.Load(rows[15] + offset));

        // Round 2: pairs of 64-bit halves. Within lane L, quarter k of group g holds pixel 4L + k of rows 4g … 4g+3.
        var group0Pixel0 = Avx512F.Shuffle(low01, low23, 0x44);
        var group0Pixel1 = Avx512F.Shuffle(low01, low23, 0xEE);
        var group0Pixel2 = Avx512F.Shuffle(high01, high23, 0x44);
        var group0Pixel3 = Avx512F.Shuffle(high01, high23, 0xEE);
        var group1Pixel0 = Avx512F.Shuffle(low45, low67, 0x44);
        var group1Pixel1 = Avx512F.Shuffle(low45, low67, 0xEE);
        var group1Pixel2 = Avx512F.Shuffle(high45, high67, 0x44);
        var group1Pixel3 = Avx512F.Shuffle(high45, high67, 0xEE);
        var group2Pixel0 = Avx512F.Shuffle(low89, low1011, 0x44);
        var group2Pixel1 = Avx512F.Shuffle(low89, low1011, 0xEE);
        var group2Pixel2 = Avx512F.Shuffle(high89, high1011, 0x44);
        var group2Pixel3 = Avx512F.Shuffle(high89, high1011, 0xEE);
        var group3Pixel0 = Avx512F.Shuffle(low1213, low1415, 0x44);
        var group3Pixel1 = Avx512F.Shuffle(low1213, low1415, 0xEE);
        var group3Pixel2 = Avx512F.Shuffle(high1213, high1415, 0x44);
        var group3Pixel3 = Avx512F.Shuffle(high1213, high1415, 0xEE);

        // Rounds 3 and 4: move whole 128-bit lanes so that pixel p's four groups end up side by side.
        Store4(group0Pixel0, group1Pixel0, group2Pixel0, group3Pixel0, destination, 0);
        Store4(group0Pixel1, group1Pixel1, group2Pixel1, group3Pixel1, destination, 1);
        Store4(group0Pixel2, group1Pixel2, group2Pixel2, group3Pixel2, destination, 2);
        Store4(group0Pixel3, group1Pixel3, group2Pixel3, group3Pixel3, destination, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePlanes(
        Vector512<float> pixel0, Vector512<float> pixel1, Vector512<float> pixel2, Vector512<float> pixel3,
        Vector512<float> pixel4, Vector512<float> pixel5, Vector512<float> pixel6, Vector512<float> pixel7,
        float** planes, nint offset, int lanes)
    {
        if (!Avx512F.IsSupported || lanes < 16)
        {
            StorePlanesPartial(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, planes, offset, lanes);
            return;
        }

        // Rounds 1 and 2 as in TransposeToBlocks: within 128-bit lane L, early k holds channel 4L + k of pixels 0–3, late k of pixels 4–7.
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
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early0, first, late0), planes[0] + offset, planes[4] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early0, second, late0), planes[8] + offset, planes[12] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early1, first, late1), planes[1] + offset, planes[5] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early1, second, late1), planes[9] + offset, planes[13] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early2, first, late2), planes[2] + offset, planes[6] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early2, second, late2), planes[10] + offset, planes[14] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early3, first, late3), planes[3] + offset, planes[7] + offset);
        StoreChannelPair(Avx512F.PermuteVar16x32x2(early3, second, late3), planes[11] + offset, planes[15] + offset);
    }

    // Pixel 4L + k is lane L of group g's register for g = 0…3: two rounds of 128-bit lane shuffles gather them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(Vector512<float> group0, Vector512<float> group1, Vector512<float> group2, Vector512<float> group3, float* destination, int pixel)
    {
        // [g0.L0, g0.L2, g1.L0, g1.L2] and [g0.L1, g0.L3, g1.L1, g1.L3], then the same for groups 2 and 3.
        var even01 = Avx512F.Shuffle4x128(group0, group1, 0x88);
        var odd01 = Avx512F.Shuffle4x128(group0, group1, 0xDD);
        var even23 = Avx512F.Shuffle4x128(group2, group3, 0x88);
        var odd23 = Avx512F.Shuffle4x128(group2, group3, 0xDD);
        Vector512.Store(Avx512F.Shuffle4x128(even01, even23, 0x88), destination + (pixel * 16));
        Vector512.Store(Avx512F.Shuffle4x128(odd01, odd23, 0x88), destination + ((pixel + 4) * 16));
        Vector512.Store(Avx512F.Shuffle4x128(even01, even23, 0xDD), destination + ((pixel + 8) * 16));
        Vector512.Store(Avx512F.Shuffle4x128(odd01, odd23, 0xDD), destination + ((pixel + 12) * 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreChannelPair(Vector512<float> pair, float* low, float* high)
    {
        Vector256.Store(pair.GetLower(), low);
        Vector256.Store(pair.GetUpper(), high);
    }

    private static void StorePlanesPartial(
        Vector512<float> pixel0, Vector512<float> pixel1, Vector512<float> pixel2, Vector512<float> pixel3,
        Vector512<float> pixel4, Vector512<float> pixel5, Vector512<float> pixel6, Vector512<float> pixel7,
        float** planes, nint offset, int lanes)
    {
        var pixels = stackalloc Vector512<float>[8] { pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7 };
        var values = (float*)pixels;
        for (var lane = 0; lane < lanes; lane++)
        {
            var destination = planes[lane] + offset;
            for (var pixel = 0; pixel < 8; pixel++)
            {
                destination[pixel] = values[(pixel * 16) + lane];
            }
        }
    }
}
