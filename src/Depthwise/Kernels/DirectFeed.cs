namespace Depthwise.Kernels;

/// <summary>The input is already in a blocked layout the kernel reads in place: nothing to prepare.</summary>
internal readonly struct DirectFeed : IDepthwiseFeed
{
    public void BeginRow(int outputRow)
    {
    }

    public void Step()
    {
    }
}
