namespace Depthwise.Tests.Kernels;

/// <summary>Which entry point an optimized depthwise run goes through.</summary>
public enum DepthwiseConvPath
{
    /// <summary><c>DepthwiseConv2d.Forward</c>: weights packed on every call.</summary>
    Static,

    /// <summary><c>DepthwiseConv2d.Prepare(…).Forward</c>: weights packed once.</summary>
    Prepared,

    /// <summary>The plan's kernel in its own channel-blocked layout; the test converts NCHW in and out itself.</summary>
    Blocked,
}
