namespace Depthwise.Geometry;

/// <summary>A pair of extents along the height and width axes (a kernel size, a stride, a dilation).</summary>
/// <param name="Height">The extent along the height (row) axis.</param>
/// <param name="Width">The extent along the width (column) axis.</param>
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>The same value on both axes: <c>Size2D s = 3;</c> means 3×3.</summary>
    /// <param name="both">The value for height and width.</param>
    public static implicit operator Size2D(int both) => new(both, both);

    /// <summary>Creates a square size; the named alternative to the implicit conversion.</summary>
    /// <param name="both">The value for height and width.</param>
    /// <returns>A size with <paramref name="both"/> on each axis.</returns>
    public static Size2D FromInt32(int both) => new(both, both);

    /// <inheritdoc />
    public override string ToString() => Height == Width ? $"{Height}" : $"({Height},{Width})";
}
