namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// A float binary operation as static methods on a struct, so broadcasting loops inline it: one element, and whole rows
/// (both operands rows, or one of them a scalar per row).
/// </summary>
internal interface IBinaryOperator
{
    static abstract float Apply(float a, float b);

    static abstract void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    static abstract void Apply(ReadOnlySpan<float> a, float b, Span<float> y);

    static abstract void Apply(float a, ReadOnlySpan<float> b, Span<float> y);
}
