namespace Depthwise.Onnx.Import;

/// <summary>A model input or output as the file declares it.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="ElementType">Its element type.</param>
/// <param name="Shape">Its dimensions (fixed or symbolic), or null when the file declares no shape.</param>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDimension>? Shape)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {ElementType} " + (Shape is null ? "(shape unknown)" : "(" + string.Join(", ", Shape) + ")");
}
