namespace Depthwise.Operators;

/// <summary>Which body of <see cref="Kernels.DepthwiseBackwardBlockedKernel"/> a backward call runs.</summary>
internal enum DepthwiseBackwardBody
{
    /// <summary>3×3, stride 1, dilation 1: every output-gradient register loaded feeds both gradients, written out in full.</summary>
    Gather3x3,

    /// <summary>Any kernel, stride and dilation: a tap loop over the taps of each row and column phase.</summary>
    GatherGeneric,
}
