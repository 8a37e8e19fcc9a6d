using System.Numerics.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>a to the power b.</summary>
internal readonly struct PowerOperator : IBinaryOperator
{
    public static float Apply(float a, float b) => MathF.Pow(a, b);

    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Pow(a, b, y);

    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Pow(a, b, y);

    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Pow(a, b, y);
}
