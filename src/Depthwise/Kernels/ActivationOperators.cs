using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
