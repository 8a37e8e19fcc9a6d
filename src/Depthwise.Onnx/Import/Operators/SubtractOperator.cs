namespace Depthwise.Onnx.Import.Operators;

/// <summary>a − b.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Apply(float a, float b) => a - b;
}
