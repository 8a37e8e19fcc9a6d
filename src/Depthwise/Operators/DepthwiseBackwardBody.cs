namespace Depthwise.Operators;

/// <summary>Which body of <see cref="Kernels.DepthwiseBackwardBlockedKernel"/> a backward call runs.</summary>
internal enum DepthwiseBackwardBody
{
    /// <summary>3×3, stride 1, dilation 1: every output-gradient register loaded feeds both gradients, written out in full.</summary>
    Gather3x3,

    /// <summary>Any kernel, stride and dilation: a tap loop over the taps of each row and column phase.</summary>
    GatherGeneric,

    /// <summary>
    /// NCHW 3×3, stride 1, dilation 1, depth multiplier 1 on rows at least a register wide: registers of columns of one
    /// plane (<see cref="Kernels.DepthwiseBackwardPlanarKernel"/>), no channel blocks, one item per (image, channel).
    /// </summary>
    Planar3x3,

    /// <summary>
    /// NCHW 3×3, stride 2, dilation 1, depth multiplier 1 on rows of at least two registers: the planar body on an output
    /// gradient spread to every other column (<see cref="Kernels.DepthwiseBackwardPlanarKernel.PlaneStride2"/>).
    /// </summary>
    PlanarStride2,
}
