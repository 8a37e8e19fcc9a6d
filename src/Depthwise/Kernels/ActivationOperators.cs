using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// A fused activation as a struct with one <c>Invoke</c> per vector width (TensorPrimitives' IUnaryOperator
/// pattern): a kernel generic over <typeparamref name="TSelf"/> gets the activation inlined into its store.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IActivationOperator<TSelf>
    where TSelf : struct, IActivationOperator<TSelf>
{
    float Invoke(float x);

    Vector128<float> Invoke(Vector128<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}

internal readonly struct IdentityOperator : IActivationOperator<IdentityOperator>
{
    public float Invoke(float x) => x;

    public Vector128<float> Invoke(Vector128<float> x) => x;

    public Vector256<float> Invoke(Vector256<float> x) => x;

    public Vector512<float> Invoke(Vector512<float> x) => x;
}

internal readonly struct ReluOperator : IActivationOperator<ReluOperator>
{
    public float Invoke(float x) => MathF.Max(x, 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512Clamp.Max(x, Vector512<float>.Zero);
}

/// <summary>min(max(x, min), max): ReLU6 and Clip.</summary>
internal readonly struct ClipOperator(float min, float max) : IActivationOperator<ClipOperator>
{
    private readonly float _min = min;
    private readonly float _max = max;

    public float Invoke(float x) => MathF.Min(MathF.Max(x, _min), _max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(x, Vector128.Create(_min)), Vector128.Create(_max));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256.Create(_min)), Vector256.Create(_max));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512Clamp.Clamp(x, Vector512.Create(_min), Vector512.Create(_max));
}

/// <summary>
/// min(max(x, min), max) with min ≥ +0 and max not −0 (ReLU6): the same bits as <see cref="ClipOperator"/> in three
/// AVX-512 instructions instead of four (<see cref="Vector512Clamp.Clamp"/>: a NaN test, two <c>vrangeps</c>, a masked
/// select), which matters where a tile's epilogue is a large share of its work: a GEMM of depth 16–32 clamps 24
/// accumulators after only 16–32 FMAs each (MobileNetV2's first expansions).
/// </summary>
/// <remarks>
/// <c>vmaxps min, x</c> returns its second operand when either is NaN or both are zeros, so a NaN x comes through
/// unchanged, as does <c>vminps max, ·</c> after it; the one case it orders differently from IEEE 754 maximum is
/// x = −0 against min = +0, where it returns −0, and adding +0 turns that into +0 while leaving every other result
/// (none of them −0 once min ≥ +0) as it is.
/// </remarks>
/// <param name="min">The lower bound, +0 or positive.</param>
/// <param name="max">The upper bound, at least <paramref name="min"/>.</param>
internal readonly struct ClipFromZeroOperator(float min, float max) : IActivationOperator<ClipFromZeroOperator>
{
    private readonly ClipOperator _clip = new(min, max);
    private readonly float _min = min;
    private readonly float _max = max;

    /// <summary>Whether these bounds can use this operator: min +0 or positive, max at least min.</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <returns>True when the three-instruction form gives <see cref="ClipOperator"/>'s bits.</returns>
    public static bool Covers(float min, float max) => !float.IsNegative(min) && !float.IsNaN(min) && max >= min;

    public float Invoke(float x) => _clip.Invoke(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => _clip.Invoke(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => _clip.Invoke(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) =>
        Avx512F.IsSupported
            ? Avx512F.Add(Avx512F.Min(Vector512.Create(_max), Avx512F.Max(Vector512.Create(_min), x)), Vector512<float>.Zero)
            : _clip.Invoke(x);
}

/// <summary>x · min(max(x + 3, 0), 6) · (1/6), rounded exactly as <see cref="Activation.Apply"/>.</summary>
internal readonly struct HardSwishOperator : IActivationOperator<HardSwishOperator>
{
    public float Invoke(float x) => x * MathF.Min(MathF.Max(x + 3f, 0f), 6f) * Activation.OneSixth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) =>
        x * Vector128.Min(Vector128.Max(x + Vector128.Create(3f), Vector128<float>.Zero), Vector128.Create(6f)) * Vector128.Create(Activation.OneSixth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) =>
        x * Vector256.Min(Vector256.Max(x + Vector256.Create(3f), Vector256<float>.Zero), Vector256.Create(6f)) * Vector256.Create(Activation.OneSixth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) =>
        x * Vector512Clamp.Clamp(x + Vector512.Create(3f), Vector512<float>.Zero, Vector512.Create(6f)) * Vector512.Create(Activation.OneSixth);
}
