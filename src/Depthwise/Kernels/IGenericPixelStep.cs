namespace Depthwise.Kernels;

/// <summary>
/// Whether neighbouring output pixels of <see cref="TapsGenericWide"/> read inputs one register apart (stride 1 across
/// blocked data), known when the body is compiled, or a stride the row gives.
/// </summary>
internal interface IGenericPixelStep
{
    static abstract bool Constant { get; }
}

/// <summary>Stride 1 across, pixels one register apart: every load's offset is a constant.</summary>
internal readonly struct UnitPixelStep : IGenericPixelStep
{
    public static bool Constant => true;
}

/// <summary>Any stride or pixel stride, read from the row.</summary>
internal readonly struct RowPixelStep : IGenericPixelStep
{
    public static bool Constant => false;
}
