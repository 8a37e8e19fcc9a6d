namespace Depthwise.Visualization.Gif;

/// <summary>What a viewer does with a frame's area before drawing the next frame (GIF89a graphic control extension).</summary>
public enum GifDisposal
{
    /// <summary>Not specified (0): viewers leave the frame in place.</summary>
    Unspecified = 0,

    /// <summary>Leave the frame in place (1): the next frame draws over it. Lets a frame carry only what changed.</summary>
    DoNotDispose = 1,

    /// <summary>Clear the frame's area to the background (2).</summary>
    RestoreToBackground = 2,

    /// <summary>Restore what was under the frame (3).</summary>
    RestoreToPrevious = 3,
}
