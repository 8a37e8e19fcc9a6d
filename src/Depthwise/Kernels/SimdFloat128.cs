using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary><see cref="ISimdFloat{TVector}"/> over <see cref="Vector128{T}"/>: 4 floats per register.</summary>
internal readonly struct SimdFloat128 : ISimdFloat<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) => Vector128.StoreUnsafe(value, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vector128<float> value, ref float destination, int stride)
    {
        // One spill of the register, then scalar copies: GetElement with a variable index would spill once per lane.
        ref var lanes = ref Unsafe.As<Vector128<float>, float>(ref value);
        for (var lane = 0; lane < Vector128<float>.Count; lane++)
        {
            Unsafe.Add(ref destination, lane * stride) = Unsafe.Add(ref lanes, lane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, ref float even, ref float odd)
    {
        // Each register is shuffled to [its evens | its odds] (one permute with constant indices), then the halves are paired up.
        var evensThenOdds = Vector128.Create(0, 2, 1, 3);
        var first = Vector128.Shuffle(Vector128.LoadUnsafe(ref source), evensThenOdds);
        var second = Vector128.Shuffle(Vector128.LoadUnsafe(ref source, (nuint)Vector128<float>.Count), evensThenOdds);
        Vector128.StoreUnsafe(Vector128.Create(first.GetLower(), second.GetLower()), ref even);
        Vector128.StoreUnsafe(Vector128.Create(first.GetUpper(), second.GetUpper()), ref odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Activate<TActivation>(Vector128<float> value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation> => activation.Invoke(value);
}
