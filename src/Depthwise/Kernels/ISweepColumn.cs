namespace Depthwise.Kernels;

/// <summary>
/// Which register column of a row an eight-row sweep step computes (<see cref="DepthwisePlaneKernel"/>, one padding
/// column each side): whether its tap 0 or tap 2 reaches into the padding, and whether it is the half register that
/// ends a row of 16·k + 8 columns. Types, so that each kind of step compiles without tests and the steps in the middle
/// of a row loop without branches.
/// </summary>
internal interface ISweepColumn
{
    /// <summary>The row's first register: its tap 0 is its centre with the left padding's zero shifted in.</summary>
    static abstract bool First { get; }

    /// <summary>The row's last register: its tap 2 is its centre with the right padding's zero shifted in.</summary>
    static abstract bool Last { get; }

    /// <summary>The last register is half a register, loaded and stored as 256 bits (its upper lanes zero).</summary>
    static abstract bool Half { get; }
}
