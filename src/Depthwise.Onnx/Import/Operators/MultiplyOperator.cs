using System.Numerics.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>a · b.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Apply(float a, float b) => a * b;

    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(b, a, y);
}
