using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over a single <see cref="float"/>: the tier without SIMD, and the same arithmetic lane by lane.</summary>
internal readonly struct SimdFloatScalar : ISimdFloat<float>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(float value, ref float destination, int stride) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, ref float even, ref float odd)
    {
        even = source;
        odd = Unsafe.Add(ref source, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float left, float right, float addend) => MathF.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Activate<TActivation>(float value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);
}
