using Depthwise.Geometry;
using Depthwise.Visualization.Animation;
using Depthwise.Visualization.Rendering;

namespace Depthwise.Tests.Visualization.Animation;

public class ConvolutionAnimationTests
{
    public static TheoryData<AnimationSettings> Settings => new()
    {
        new AnimationSettings(),
        new AnimationSettings { Channels = 2, Kernel = 3, Stride = 2, Padding = Padding.SameUpper, InputSize = new Size2D(7, 5), Compare = true },
        new AnimationSettings { Channels = 2, Multiplier = 2, Kernel = 2, Dilation = 2, InputSize = 6, Seed = 3 },
        new AnimationSettings { Channels = 4, Kernel = new Size2D(3, 1), Padding = Padding.SameLower, InputSize = new Size2D(4, 6), Compare = true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void TheFramesShowTheConvolutionComputedIndependently(AnimationSettings settings)
    {
        var model = ConvolutionAnimationModel.Create(settings);
        var (padTop, padLeft, outputHeight, outputWidth) = IndependentGeometry(settings);
        Assert.Equal((outputHeight, outputWidth), (model.Geometry.OutputHeight, model.Geometry.OutputWidth));
        Assert.Equal((outputHeight * outputWidth) + 1, model.FrameCount);

        var final = model.Frame(model.FrameCount - 1);
        for (var map = 0; map < model.OutputChannels; map++)
        {
            for (var row = 0; row < outputHeight; row++)
            {
                for (var column = 0; column < outputWidth; column++)
                {
                    Assert.Equal(NaiveDepthwise(model, settings, map, row, column, padTop, padLeft), final.ShownOutput(map, row, column));
                }
            }
        }

        if (settings.Compare)
        {
            for (var row = 0; row < outputHeight; row++)
            {
                for (var column = 0; column < outputWidth; column++)
                {
                    var expected = Enumerable.Range(0, settings.Channels).Sum(channel => NaiveDepthwise(model, settings, channel * settings.Multiplier, row, column, padTop, padLeft));
                    Assert.Equal(expected, final.ShownTraditionalOutput(row, column));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void EachStepShowsItsProductsAndOnlyTheOutputsComputedSoFar(AnimationSettings settings)
    {
        var model = ConvolutionAnimationModel.Create(settings);
        for (var index = 0; index < model.StepCount; index++)
        {
            var frame = model.Frame(index);
            Assert.Equal((index / model.Geometry.OutputWidth, index % model.Geometry.OutputWidth), (frame.OutputRow, frame.OutputColumn));
            for (var map = 0; map < model.OutputChannels; map++)
            {
                var taps = frame.Taps(map);
                Assert.Equal(settings.Kernel.Height * settings.Kernel.Width, taps.Count);
                Assert.Equal(taps.Sum(tap => tap.Product), frame.ShownOutput(map, frame.OutputRow, frame.OutputColumn));
            }

            var next = index + 1;
            if (next < model.StepCount)
            {
                Assert.Null(frame.ShownOutput(0, next / model.Geometry.OutputWidth, next % model.Geometry.OutputWidth));
            }

            if (settings.Compare)
            {
                Assert.Equal(frame.TraditionalTaps().Sum(tap => tap.Product), frame.ShownTraditionalOutput(frame.OutputRow, frame.OutputColumn));
                Assert.Equal(settings.Channels * settings.Kernel.Height * settings.Kernel.Width, frame.TraditionalTaps().Count);
            }
        }
    }

    [Fact]
    public void TheGifDecodesWithOneFramePerStepTheRequestedSizeAndTheChannelColours()
    {
        var settings = new AnimationSettings { Channels = 3, InputSize = new Size2D(5, 4), Compare = true, DelayMilliseconds = 300 };
        using var stream = new MemoryStream();
        var model = ConvolutionAnimation.WriteGif(settings, stream);

        var decoded = SkiaDecoding.Decode(stream.ToArray());
        // 5×4 input, 3×3 valid → 3×2 outputs: six steps and the closing frame.
        Assert.Equal((3 * 2) + 1, decoded.Frames.Count);
        Assert.Equal((model.Geometry.InputHeight, model.Geometry.InputWidth), (5, 4));
        Assert.Equal(ConvolutionAnimation.FrameSize(model), (decoded.Width, decoded.Height));
        Assert.Equal(Enumerable.Repeat(300, 6).Append(1200), decoded.DurationsMilliseconds);

        var layout = new AnimationLayout(model);
        uint[] channelColors = [0xD62728, 0x2CA02C, 0x1F77B4];
        for (var frame = 0; frame < decoded.Frames.Count; frame++)
        {
            for (var map = 0; map < 3; map++)
            {
                var swatch = layout.Swatch(map);
                Assert.Equal(channelColors[map], decoded.Pixel(frame, (int)swatch.MidX, (int)swatch.MidY));

                // A computed output cell is tinted with its channel's hue: that component stands out.
                var cell = layout.OutputCell(layout.RowTop(map), 0, 0);
                var pixel = decoded.Pixel(frame, (int)cell.Left + 6, (int)cell.Top + 6);
                var components = new[] { (pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF };
                Assert.Equal(map, Array.IndexOf(components, components.Max()));
            }
        }
    }

    [Fact]
    public void ARenderedFrameHasTheGifsSize()
    {
        var model = ConvolutionAnimationModel.Create(new AnimationSettings { Multiplier = 2 });
        using var bitmap = ConvolutionAnimation.RenderFrame(model, 0);

        Assert.Equal(ConvolutionAnimation.FrameSize(model), (bitmap.Width, bitmap.Height));
        Assert.Equal(ChannelColors.Of(1), bitmap.GetPixel((int)new AnimationLayout(model).Swatch(2).MidX, (int)new AnimationLayout(model).Swatch(2).MidY));
    }

    [Theory]
    [InlineData(100_000, 100_000, 3, 1)]
    [InlineData(6, 6, 9, 1)]
    [InlineData(6, 6, 3, 0)]
    public void AbsurdSettingsAreRejectedBeforeAnythingIsComputed(int height, int width, int channels, int multiplier)
    {
        var settings = new AnimationSettings { InputSize = new Size2D(height, width), Channels = channels, Multiplier = multiplier };
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.ThrowsAny<ArgumentException>(() => ConvolutionAnimationModel.Create(settings));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void AKernelLargerThanTheInputIsAClearError()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ConvolutionAnimationModel.Create(new AnimationSettings { InputSize = 2, Kernel = 3 }));

        Assert.Contains("does not fit", error.Message);
    }

    // Pads and output size written out from the padding rules, not taken from ConvGeometry.
    private static (int PadTop, int PadLeft, int OutputHeight, int OutputWidth) IndependentGeometry(AnimationSettings settings)
    {
        (int Pad, int Output) Axis(int input, int kernel, int stride, int dilation)
        {
            var extent = ((kernel - 1) * dilation) + 1;
            if (settings.Padding.Mode == PaddingMode.Valid)
            {
                return (0, ((input - extent) / stride) + 1);
            }

            var output = (input + stride - 1) / stride;
            var total = Math.Max(0, ((output - 1) * stride) + extent - input);
            return (settings.Padding.Mode == PaddingMode.SameUpper ? total / 2 : total - (total / 2), output);
        }

        var (padTop, outputHeight) = Axis(settings.InputSize.Height, settings.Kernel.Height, settings.Stride.Height, settings.Dilation.Height);
        var (padLeft, outputWidth) = Axis(settings.InputSize.Width, settings.Kernel.Width, settings.Stride.Width, settings.Dilation.Width);
        return (padTop, padLeft, outputHeight, outputWidth);
    }

    private static float NaiveDepthwise(ConvolutionAnimationModel model, AnimationSettings settings, int map, int row, int column, int padTop, int padLeft)
    {
        var channel = map / settings.Multiplier;
        var sum = 0f;
        for (var ky = 0; ky < settings.Kernel.Height; ky++)
        {
            for (var kx = 0; kx < settings.Kernel.Width; kx++)
            {
                var y = (row * settings.Stride.Height) - padTop + (ky * settings.Dilation.Height);
                var x = (column * settings.Stride.Width) - padLeft + (kx * settings.Dilation.Width);
                if (y >= 0 && y < settings.InputSize.Height && x >= 0 && x < settings.InputSize.Width)
                {
                    sum += model.Input(channel, y, x) * model.Weight(map, ky, kx);
                }
            }
        }

        return sum;
    }
}
