using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector128{T}"/>: 4 floats per register.</summary>
internal unsafe readonly struct SimdFloat128 : ISimdFloat<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    public static void Store(Vector128<float> value, ref float destination) => Vector128.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, float* destination) => Vector128.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Activate<TActivation>(Vector128<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);

    public static Vector128<float> Permute(Vector128<float> low, Vector128<float> high, int* indices) => Vector128.Create(
        Pick(low, high, indices[0]), Pick(low, high, indices[1]), Pick(low, high, indices[2]), Pick(low, high, indices[3]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> EvenLanes(Vector128<float> low, Vector128<float> high) =>
        Sse.IsSupported ? Sse.Shuffle(low, high, 0b10_00_10_00) : Vector128.Create(low.GetElement(0), low.GetElement(2), high.GetElement(0), high.GetElement(2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> OddLanes(Vector128<float> low, Vector128<float> high) =>
        Sse.IsSupported ? Sse.Shuffle(low, high, 0b11_01_11_01) : Vector128.Create(low.GetElement(1), low.GetElement(3), high.GetElement(1), high.GetElement(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LaneMask(int first, int end) => (FirstLanes(end).AsInt32() & ~FirstLanes(first).AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadMasked(float* source, Vector128<float> mask) =>
        Avx.IsSupported ? Avx.MaskLoad(source, mask) : PartialVector.Load<SimdFloat128, Vector128<float>>(source, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftUp(Vector128<float> value) =>
        Sse2.IsSupported ? Sse2.ShiftLeftLogical128BitLane(value.AsByte(), 4).AsSingle() : Vector128.Create(0f, value.GetElement(0), value.GetElement(1), value.GetElement(2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftDown(Vector128<float> value) =>
        Sse2.IsSupported ? Sse2.ShiftRightLogical128BitLane(value.AsByte(), 4).AsSingle() : Vector128.Create(value.GetElement(1), value.GetElement(2), value.GetElement(3), 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftDown(Vector128<float> value, Vector128<float> fill) =>
        Ssse3.IsSupported
            ? Ssse3.AlignRight(fill.AsByte(), value.AsByte(), 4).AsSingle()
            : Vector128.Create(value.GetElement(1), value.GetElement(2), value.GetElement(3), fill.GetElement(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector128<float> value, float* destination, int count)
    {
        if (Avx.IsSupported)
        {
            Avx.MaskStore(destination, FirstLanes(count), value);
        }
        else
        {
            PartialVector.Store<SimdFloat128, Vector128<float>>(value, destination, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> FirstLanes(int count) => Vector128.LessThan(Vector128.Create(0, 1, 2, 3), Vector128.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeToBlocks(float** rows, nint offset, float* destination)
    {
        var (pixel0, pixel1, pixel2, pixel3) = Transpose(
            Vector128.Load(rows[0] + offset), Vector128.Load(rows[1] + offset), Vector128.Load(rows[2] + offset), Vector128.Load(rows[3] + offset));
        Vector128.Store(pixel0, destination);
        Vector128.Store(pixel1, destination + 4);
        Vector128.Store(pixel2, destination + 8);
        Vector128.Store(pixel3, destination + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePlanes(
        Vector128<float> pixel0, Vector128<float> pixel1, Vector128<float> pixel2, Vector128<float> pixel3,
        Vector128<float> pixel4, Vector128<float> pixel5, Vector128<float> pixel6, Vector128<float> pixel7,
        float** planes, nint offset, int lanes, int count)
    {
        if (count < DepthwiseConvKernel.PixelsPerBlock)
        {
            PlaneSpill.Store<SimdFloat128, Vector128<float>>(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, planes, offset, lanes, count);
            return;
        }

        var (first0, first1, first2, first3) = Transpose(pixel0, pixel1, pixel2, pixel3);
        var (second0, second1, second2, second3) = Transpose(pixel4, pixel5, pixel6, pixel7);
        StorePlane(first0, second0, planes[0] + offset);
        if (lanes > 1)
        {
            StorePlane(first1, second1, planes[1] + offset);
        }

        if (lanes > 2)
        {
            StorePlane(first2, second2, planes[2] + offset);
        }

        if (lanes > 3)
        {
            StorePlane(first3, second3, planes[3] + offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePlane(Vector128<float> first, Vector128<float> second, float* destination)
    {
        Vector128.Store(first, destination);
        Vector128.Store(second, destination + 4);
    }

    private static float Pick(Vector128<float> low, Vector128<float> high, int index) => index < 4 ? low.GetElement(index) : high.GetElement(index - 4);

    // 4×4: unpack pairs of rows, then move 64-bit halves (two rounds of two-input shuffles).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>) Transpose(
        Vector128<float> row0, Vector128<float> row1, Vector128<float> row2, Vector128<float> row3)
    {
        if (Sse.IsSupported)
        {
            var low01 = Sse.UnpackLow(row0, row1);
            var high01 = Sse.UnpackHigh(row0, row1);
            var low23 = Sse.UnpackLow(row2, row3);
            var high23 = Sse.UnpackHigh(row2, row3);
            return (Sse.MoveLowToHigh(low01, low23), Sse.MoveHighToLow(low23, low01), Sse.MoveLowToHigh(high01, high23), Sse.MoveHighToLow(high23, high01));
        }

        return (
            Vector128.Create(row0[0], row1[0], row2[0], row3[0]),
            Vector128.Create(row0[1], row1[1], row2[1], row3[1]),
            Vector128.Create(row0[2], row1[2], row2[2], row3[2]),
            Vector128.Create(row0[3], row1[3], row2[3], row3[3]));
    }
}
