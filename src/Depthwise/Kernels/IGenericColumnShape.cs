namespace Depthwise.Kernels;

/// <summary>
/// The kernel width and horizontal dilation <see cref="TapsGenericWideColumns{TShape}"/> is compiled for: input column
/// j of a block serves pixels j, j − dilation, …, j − (width − 1)·dilation, each through its own weight.
/// </summary>
internal interface IGenericColumnShape
{
    static abstract int KernelWidth { get; }

    static abstract int Dilation { get; }
}

/// <summary>Three kernel columns at dilation 2 (pixel p reads columns p, p + 2, p + 4): 3×3 dilation 2.</summary>
internal readonly struct Width3Dilation2 : IGenericColumnShape
{
    public static int KernelWidth => 3;

    public static int Dilation => 2;
}

/// <summary>Four kernel columns at dilation 1 (pixel p reads columns p … p + 3): 4×4.</summary>
internal readonly struct Width4Dilation1 : IGenericColumnShape
{
    public static int KernelWidth => 4;

    public static int Dilation => 1;
}

/// <summary>Seven kernel columns at dilation 1, as two passes over the row (kx 0 … 3, then 4 … 6): 7×7.</summary>
internal readonly struct Width7Dilation1 : IGenericColumnShape
{
    public static int KernelWidth => 7;

    public static int Dilation => 1;
}
