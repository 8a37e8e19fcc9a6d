namespace Depthwise.Onnx.Import;

/// <summary>
/// A bound step (the target of its action) that can read its NCHW data input from a buffer holding it channels-last,
/// (N, H, W, C), written so by an <see cref="IChannelsLastWriter"/>; its output stays as it was.
/// </summary>
internal interface IChannelsLastReader
{
    /// <summary>From the next run on, reads the data input channels-last.</summary>
    void ReadChannelsLast();
}
