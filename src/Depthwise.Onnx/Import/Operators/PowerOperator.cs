namespace Depthwise.Onnx.Import.Operators;

/// <summary>a to the power b (as C's powf, which ONNX Runtime uses).</summary>
internal readonly struct PowerOperator : IBinaryOperator
{
    public static float Apply(float a, float b) => MathF.Pow(a, b);
}
