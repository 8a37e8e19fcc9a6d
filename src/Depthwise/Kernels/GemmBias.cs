namespace Depthwise.Kernels;

/// <summary>How a GEMM's bias vector lines up with its output matrix.</summary>
internal enum GemmBias
{
    /// <summary>No bias.</summary>
    None,

    /// <summary>One value per output row (NCHW convolution: rows are output channels).</summary>
    PerRow,

    /// <summary>One value per output column (NHWC convolution: columns are output channels).</summary>
    PerColumn,
}
