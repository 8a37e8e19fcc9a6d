namespace Depthwise.Kernels;

/// <summary>
/// How many output pixels one <see cref="TapsGenericWide"/> block computes, in groups of eight, known when the body is
/// compiled: each group is eight accumulators, and every weight load feeds all of them.
/// </summary>
internal interface IGenericBlockWidth
{
    /// <summary>Groups of eight pixels: 2 or 3.</summary>
    static abstract int Groups { get; }
}

/// <summary>Sixteen pixels: sixteen accumulators and a weight, 17 of AVX-512's 32 registers.</summary>
internal readonly struct SixteenPixels : IGenericBlockWidth
{
    public static int Groups => 2;
}

/// <summary>
/// Twenty-four pixels: twenty-four accumulators, a weight and a tested load's column, 26 of AVX-512's 32 registers;
/// a row of 56 pixels is one of these and two sixteens instead of three sixteens and an eight.
/// </summary>
internal readonly struct TwentyFourPixels : IGenericBlockWidth
{
    public static int Groups => 3;
}
