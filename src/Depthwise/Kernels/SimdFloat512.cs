using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector512{T}"/>: 16 floats per register.</summary>
internal readonly struct SimdFloat512 : ISimdFloat<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => Vector512.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vector512<float> value, ref float destination, int stride)
    {
        // One spill of the register, then scalar copies: GetElement with a variable index would spill once per lane.
        ref var lanes = ref Unsafe.As<Vector512<float>, float>(ref value);
        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            Unsafe.Add(ref destination, lane * stride) = Unsafe.Add(ref lanes, lane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, ref float even, ref float odd)
    {
        // Each register is shuffled to [its evens | its odds] (one permute with constant indices), then the halves are paired up.
        var evensThenOdds = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        var first = Vector512.Shuffle(Vector512.LoadUnsafe(ref source), evensThenOdds);
        var second = Vector512.Shuffle(Vector512.LoadUnsafe(ref source, (nuint)Vector512<float>.Count), evensThenOdds);
        Vector512.StoreUnsafe(Vector512.Create(first.GetLower(), second.GetLower()), ref even);
        Vector512.StoreUnsafe(Vector512.Create(first.GetUpper(), second.GetUpper()), ref odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate<TActivation>(Vector512<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);
}
