namespace Depthwise.Onnx.Import.Operators;

/// <summary>A float binary operation as a static method on a struct, so broadcasting loops inline it.</summary>
internal interface IBinaryOperator
{
    static abstract float Apply(float a, float b);
}
