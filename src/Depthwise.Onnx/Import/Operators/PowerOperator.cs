namespace Depthwise.Onnx.Import.Operators;

/// <summary>a to the power b (as C's powf, which ONNX Runtime uses; element by element in every form).</summary>
internal readonly struct PowerOperator : IBinaryOperator
{
    public static float Apply(float a, float b) => MathF.Pow(a, b);

    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Pow(a[i], b[i]);
        }
    }

    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Pow(a[i], b);
        }
    }

    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Pow(a, b[i]);
        }
    }
}
