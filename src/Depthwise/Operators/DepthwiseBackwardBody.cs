namespace Depthwise.Operators;

/// <summary>Which body of <see cref="Kernels.DepthwiseBackwardBlockedKernel"/> a backward call runs.</summary>
internal enum DepthwiseBackwardBody
{
    /// <summary>3×3, stride 1, dilation 1: every output-gradient register loaded feeds both gradients, written out in full.</summary>
    Gather3x3,

    /// <summary>Stride 1, any kernel and dilation: a tap loop.</summary>
    GatherGeneric,

    /// <summary>Any stride: output pixels scatter into the input gradient.</summary>
    Scatter,
}
