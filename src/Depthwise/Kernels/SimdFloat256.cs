using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector256{T}"/>: 8 floats per register.</summary>
internal readonly struct SimdFloat256 : ISimdFloat<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => Vector256.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vector256<float> value, ref float destination, int stride)
    {
        // One spill of the register, then scalar copies: GetElement with a variable index would spill once per lane.
        ref var lanes = ref Unsafe.As<Vector256<float>, float>(ref value);
        for (var lane = 0; lane < Vector256<float>.Count; lane++)
        {
            Unsafe.Add(ref destination, lane * stride) = Unsafe.Add(ref lanes, lane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, ref float even, ref float odd)
    {
        // Each register is shuffled to [its evens | its odds] (one permute with constant indices), then the halves are paired up.
        var evensThenOdds = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var first = Vector256.Shuffle(Vector256.LoadUnsafe(ref source), evensThenOdds);
        var second = Vector256.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)Vector256<float>.Count), evensThenOdds);
        Vector256.StoreUnsafe(Vector256.Create(first.GetLower(), second.GetLower()), ref even);
        Vector256.StoreUnsafe(Vector256.Create(first.GetUpper(), second.GetUpper()), ref odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Activate<TActivation>(Vector256<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);
}
