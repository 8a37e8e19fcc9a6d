namespace Depthwise.Onnx.Import;

/// <summary>One dimension of a declared input or output shape: a fixed size, a symbol (e.g. <c>batch</c>), or unknown.</summary>
/// <param name="Value">The size when fixed; null otherwise.</param>
/// <param name="Symbol">The symbolic name when the model gives one; null otherwise.</param>
public readonly record struct OnnxDimension(long? Value, string? Symbol)
{
    /// <inheritdoc />
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
