using SkiaSharp;

namespace Depthwise.Tests.Visualization;

/// <summary>Decodes images with SkiaSharp's codecs: an implementation independent of our encoder.</summary>
internal static class SkiaDecoding
{
    public sealed record DecodedAnimation(int Width, int Height, int RepetitionCount, IReadOnlyList<int> DurationsMilliseconds, IReadOnlyList<uint[]> Frames)
    {
        public uint Pixel(int frame, int x, int y) => Frames[frame][(y * Width) + x];
    }

    /// <summary>Every frame composited on the canvas, as 0xRRGGBB.</summary>
    public static DecodedAnimation Decode(byte[] file)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("SkiaSharp could not open the file");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var frameCount = Math.Max(1, codec.FrameCount);
        var frames = new List<uint[]>();
        var durations = new List<int>();
        using var bitmap = new SKBitmap(info);
        for (var frame = 0; frame < frameCount; frame++)
        {
            // Each frame is decoded on top of the previous one, as a viewer composites them.
            var result = codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(frame, frame - 1));
            if (result != SKCodecResult.Success)
            {
                throw new InvalidOperationException($"frame {frame}: {result}");
            }

            frames.Add([.. bitmap.Pixels.Select(color => (uint)color & 0xFFFFFF)]);
            durations.Add(codec.FrameCount > 0 ? codec.FrameInfo[frame].Duration : 0);
        }

        return new DecodedAnimation(info.Width, info.Height, codec.RepetitionCount, durations, frames);
    }
}
