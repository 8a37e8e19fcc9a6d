namespace Depthwise.Onnx.Import;

/// <summary>
/// A bound step (the target of its action) that can read its NCHW data input from a buffer holding it channels-last,
/// (N, H, W, C), written so by an <see cref="IChannelsLastWriter"/>; its output stays as it was.
/// </summary>
internal interface IChannelsLastReader
{
    /// <summary>From the next run on, reads the data input channels-last.</summary>
    void ReadChannelsLast();

    /// <summary>
    /// From the next run on, computes the writer's output itself, band by band, straight into its own scratch, reading the
    /// writer's input (<see cref="IChannelsLastWriter.CurrentInput"/>) when it runs; the caller then switches the writer
    /// off (<see cref="IChannelsLastWriter.RunInsideReader"/>). Nothing changes when it cannot.
    /// </summary>
    /// <param name="writer">The step that writes this step's data input.</param>
    /// <returns>Whether it does from now on.</returns>
    bool RunWriterInside(IChannelsLastWriter writer);
}
