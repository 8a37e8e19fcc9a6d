namespace Depthwise.Operators;

/// <summary>How the input and output of a depthwise job are stored (both use the same one).</summary>
internal enum DepthwiseDataLayout
{
    /// <summary>(N, C, H, W): transposed into blocks on the way in and back into planes on the way out, inside the kernel.</summary>
    Planar,

    /// <summary>(N, H, W, C): read and written in place with a pixel stride of C.</summary>
    ChannelsLast,

    /// <summary>(N, ⌈C/lanes⌉, H, W, lanes): the kernel's own layout, read and written in place.</summary>
    Blocked,
}
