using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over a single <see cref="float"/>: the tier without SIMD, and the same arithmetic lane by lane.</summary>
internal unsafe readonly struct SimdFloatScalar : ISimdFloat<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* source) => *source;

    public static float Load(ref float source) => source;

    public static float Broadcast(float value) => value;

    public static void Store(float value, ref float destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, float* destination) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float left, float right, float addend) => MathF.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Activate<TActivation>(float value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);

    // One lane: the pair is two neighbouring elements.
    public static float EvenLanes(float low, float high) => low;

    public static float OddLanes(float low, float high) => high;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LaneMask(int first, int end) => first < end ? BitConverter.Int32BitsToSingle(-1) : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadMasked(float* source, float mask) => BitConverter.SingleToInt32Bits(mask) != 0 ? *source : 0f;

    // One lane: shifting moves it out and the zero in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ShiftUp(float value) => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ShiftDown(float value) => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ShiftDown(float value, float fill) => fill;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(float value, float* destination, int count) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Permute(float low, float high, int* indices) => indices[0] == 0 ? low : high;

    // A one-channel block is a planar row: the transposes are copies.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeToBlocks(float** rows, nint offset, float* destination) => *destination = rows[0][offset];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePlanes(float pixel0, float pixel1, float pixel2, float pixel3, float pixel4, float pixel5, float pixel6, float pixel7, float** planes, nint offset, int lanes, int count)
    {
        if (count < DepthwiseConvKernel.PixelsPerBlock)
        {
            PlaneSpill.Store<SimdFloatScalar, float>(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, planes, offset, lanes, count);
            return;
        }

        var destination = planes[0] + offset;
        destination[0] = pixel0;
        destination[1] = pixel1;
        destination[2] = pixel2;
        destination[3] = pixel3;
        destination[4] = pixel4;
        destination[5] = pixel5;
        destination[6] = pixel6;
        destination[7] = pixel7;
    }
}
