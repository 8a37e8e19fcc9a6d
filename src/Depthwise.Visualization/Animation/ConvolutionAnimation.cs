using Depthwise.Visualization.Gif;
using Depthwise.Visualization.Rendering;
using SkiaSharp;

namespace Depthwise.Visualization.Animation;

/// <summary>
/// Draws the depthwise convolution step by step, in the spirit of the seed's picture: per channel, the input with
/// the window sliding over it, the kernel, the products, their sum, and the output map filling in cell by cell;
/// optionally the traditional convolution below (one k×k×C kernel, one map). Every number drawn is read from a
/// <see cref="ConvolutionAnimationModel"/>, whose outputs come from the library's operators.
/// </summary>
public static class ConvolutionAnimation
{
    /// <summary>Builds the model for <paramref name="settings"/> and writes the animated GIF.</summary>
    /// <param name="settings">What to show.</param>
    /// <param name="stream">Destination.</param>
    /// <returns>The model the frames were drawn from.</returns>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public static ConvolutionAnimationModel WriteGif(AnimationSettings settings, Stream stream)
    {
        var model = ConvolutionAnimationModel.Create(settings);
        WriteGif(model, stream);
        return model;
    }

    /// <summary>Writes every frame of <paramref name="model"/> as a looping GIF.</summary>
    /// <param name="model">The numbers to draw.</param>
    /// <param name="stream">Destination; left open.</param>
    public static void WriteGif(ConvolutionAnimationModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var layout = new AnimationLayout(model);

        // Every frame uses the same few colours in different places: three frames show all of them.
        var samples = new[] { 0, model.StepCount / 2, model.StepCount }
            .Distinct()
            .Select(index => new ReadOnlyMemory<uint>(Render(model, layout, index)))
            .ToList();
        // 255 colours leave the writer an entry for "unchanged", so each frame stores little more than what moved.
        var palette = GifQuantizer.BuildPalette(samples, maximumColors: 255);

        var delay = Math.Max(1, (int)Math.Round(model.Settings.DelayMilliseconds / 10.0));
        var indices = new byte[layout.Width * layout.Height];
        using var writer = new GifWriter(stream, layout.Width, layout.Height, palette);
        for (var index = 0; index < model.FrameCount; index++)
        {
            GifQuantizer.Map(Render(model, layout, index), palette, indices);
            writer.WriteFrame(indices, index == model.StepCount ? Math.Min(4 * delay, ushort.MaxValue) : delay);
        }
    }

    /// <summary>Draws frame <paramref name="index"/>.</summary>
    /// <param name="model">The numbers to draw.</param>
    /// <param name="index">0 to <see cref="ConvolutionAnimationModel.FrameCount"/> − 1.</param>
    /// <returns>A new bitmap; the caller disposes it.</returns>
    public static SKBitmap RenderFrame(ConvolutionAnimationModel model, int index)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = new AnimationLayout(model);
        var bitmap = SkiaImages.Blank(layout.Width, layout.Height);
        using var canvas = new SKCanvas(bitmap);
        Draw(canvas, model, layout, model.Frame(index));
        return bitmap;
    }

    /// <summary>The pixel size of every frame.</summary>
    /// <param name="model">The numbers to draw.</param>
    /// <returns>Width and height in pixels.</returns>
    public static (int Width, int Height) FrameSize(ConvolutionAnimationModel model)
    {
        var layout = new AnimationLayout(model);
        return (layout.Width, layout.Height);
    }

    private static uint[] Render(ConvolutionAnimationModel model, AnimationLayout layout, int index)
    {
        using var bitmap = SkiaImages.Blank(layout.Width, layout.Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            Draw(canvas, model, layout, model.Frame(index));
        }

        return SkiaImages.ToRgb(bitmap);
    }

    private static void Draw(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, AnimationFrame frame)
    {
        DrawTitle(canvas, model, layout);
        DrawHeadings(canvas, layout, layout.RowsTop - 8);
        for (var map = 0; map < model.OutputChannels; map++)
        {
            DrawDepthwiseRow(canvas, model, layout, frame, map);
        }

        if (model.Settings.Compare)
        {
            DrawTraditionalRow(canvas, model, layout, frame);
        }

        DrawFooter(canvas, model, layout, frame);
    }

    private static void DrawTitle(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout)
    {
        var settings = model.Settings;
        var geometry = model.Geometry;
        var kernel = $"{geometry.Kernel.Height}×{geometry.Kernel.Width}";
        var title = Title(model);
        Drawing.Text(canvas, title, AnimationLayout.Margin, 28, 18, ChannelColors.Ink, bold: true);
        var subtitle =
            $"input {geometry.InputHeight}×{geometry.InputWidth}×{model.Channels} · stride {settings.Stride} · dilation {settings.Dilation} · {settings.Padding} padding" +
            $" → output {geometry.OutputHeight}×{geometry.OutputWidth}×{model.OutputChannels} · {model.DepthwiseMultipliesPerOutput} multiplies per output value";
        Drawing.Text(canvas, subtitle, AnimationLayout.Margin, 50, 13, ChannelColors.Muted);
    }

    internal static string Title(ConvolutionAnimationModel model)
    {
        var kernel = $"{model.Geometry.Kernel.Height}×{model.Geometry.Kernel.Width}";
        return model.Settings.Multiplier == 1
            ? $"Depthwise convolution: one {kernel} kernel and one output map per channel"
            : $"Depthwise convolution: {model.Settings.Multiplier} kernels of {kernel} per channel, one output map each";
    }

    private static void DrawHeadings(SKCanvas canvas, AnimationLayout layout, float baseline)
    {
        Drawing.Text(canvas, "input (window)", layout.InputX, baseline, 12, ChannelColors.Muted, bold: true);
        Drawing.Text(canvas, "kernel", layout.KernelX, baseline, 12, ChannelColors.Muted, bold: true);
        Drawing.Text(canvas, "input · weight", layout.ProductsX, baseline, 12, ChannelColors.Muted, bold: true);
        Drawing.Text(canvas, "sum", layout.SumX, baseline, 12, ChannelColors.Muted, bold: true);
        Drawing.Text(canvas, "output map", layout.OutputX, baseline, 12, ChannelColors.Muted, bold: true);
    }

    private static void DrawDepthwiseRow(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, AnimationFrame frame, int map)
    {
        var geometry = model.Geometry;
        var multiplier = model.Settings.Multiplier;
        var channel = map / multiplier;
        var color = ChannelColors.Of(channel);
        var top = layout.RowTop(map);

        // Label: colour swatch, channel name, and which of its M filters this row is.
        var swatch = layout.Swatch(map);
        Drawing.Fill(canvas, swatch, color);
        Drawing.Text(canvas, $"channel {channel}", swatch.Right + 7, swatch.Bottom - 3, 13, ChannelColors.Ink, bold: true);
        var detail = multiplier == 1 ? ChannelColors.NameOf(channel) : $"{ChannelColors.NameOf(channel)}, filter {map % multiplier}";
        Drawing.Text(canvas, detail, swatch.Left, swatch.Bottom + 17, 12, color);

        DrawInputPlane(canvas, model, layout, top, channel, color, frame.Taps(map));

        // Kernel.
        for (var row = 0; row < geometry.Kernel.Height; row++)
        {
            for (var column = 0; column < geometry.Kernel.Width; column++)
            {
                var cell = layout.KernelCell(top, row, column);
                Drawing.Fill(canvas, cell, ChannelColors.Tint(color, 0.16));
                Drawing.Stroke(canvas, cell, color, 1.5f);
                Drawing.CenteredText(canvas, Drawing.Number(model.Weight(map, row, column)), cell, AnimationLayout.ValueFontSize, ChannelColors.Ink, bold: true);
            }
        }

        var middle = top + (layout.RowHeight / 2);
        Drawing.CenteredText(canvas, "×", SKRect.Create(layout.KernelX - AnimationLayout.Gap, middle - 15, AnimationLayout.Gap, 30), 22, ChannelColors.Muted);
        Drawing.CenteredText(canvas, "=", SKRect.Create(layout.ProductsX - AnimationLayout.Gap, middle - 15, AnimationLayout.Gap, 30), 22, ChannelColors.Muted);

        // Products and their sum; the sum printed is the operator's output for this position.
        var taps = frame.Taps(map);
        if (frame.IsFinal)
        {
            var area = SKRect.Create(layout.ProductsX, middle - 24, geometry.Kernel.Width * layout.ProductCellWidth, 48);
            Drawing.CenteredText(canvas, $"{model.StepCount} values", area.Shifted(0, -10), 13, ChannelColors.Ink);
            Drawing.CenteredText(canvas, $"× {geometry.Taps} multiplies", area.Shifted(0, 10), 13, ChannelColors.Ink);
            Drawing.CenteredText(canvas, $"= {model.StepCount * geometry.Taps}", layout.SumBox(top), 16, ChannelColors.Ink, bold: true);
        }

        for (var row = 0; row < geometry.Kernel.Height && taps.Count > 0; row++)
        {
            for (var column = 0; column < geometry.Kernel.Width; column++)
            {
                var cell = layout.ProductCell(top, row, column);
                Drawing.Fill(canvas, cell, new SKColor(0xF6, 0xF6, 0xF6));
                Drawing.Stroke(canvas, cell, new SKColor(0xD0, 0xD0, 0xD0), 1);
                var tap = taps[(row * geometry.Kernel.Width) + column];
                Drawing.CenteredText(canvas, AnimationLayout.ProductText(tap), cell, AnimationLayout.ProductFontSize, tap.IsPadding ? ChannelColors.Muted : ChannelColors.Ink);
            }
        }

        if (frame.ShownOutput(map, frame.OutputRow, frame.OutputColumn) is { } sum && !frame.IsFinal)
        {
            Drawing.CenteredText(canvas, $"= {Drawing.Number(sum)}", layout.SumBox(top), 16, ChannelColors.Ink, bold: true);
        }

        Drawing.Arrow(canvas, layout.OutputX - AnimationLayout.Gap + 6, middle, layout.OutputX - 8, middle, ChannelColors.Muted, 1.5f);
        DrawOutputMap(canvas, model, layout, top, color, frame, (row, column) => frame.ShownOutput(map, row, column), AllValues(model, map));
    }

    private static void DrawInputPlane(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, float top, int channel, SKColor color, IReadOnlyList<TapProduct> taps)
    {
        var geometry = model.Geometry;
        for (var row = 0; row < layout.PaddedHeight; row++)
        {
            for (var column = 0; column < layout.PaddedWidth; column++)
            {
                var cell = layout.InputCell(top, row, column);
                var inputRow = row - geometry.PadTop;
                var inputColumn = column - geometry.PadLeft;
                if (inputRow < 0 || inputRow >= geometry.InputHeight || inputColumn < 0 || inputColumn >= geometry.InputWidth)
                {
                    Drawing.Fill(canvas, cell, new SKColor(0xF4, 0xF4, 0xF4));
                    Drawing.Stroke(canvas, cell.Inset(1.5f), ChannelColors.Muted, 1, dashed: true);
                    Drawing.CenteredText(canvas, "0", cell, AnimationLayout.ValueFontSize - 2, ChannelColors.Muted);
                    continue;
                }

                var value = model.Input(channel, inputRow, inputColumn);
                Drawing.Fill(canvas, cell, ChannelColors.Tint(color, 0.08 + (0.4 * value / 9)));
                Drawing.Stroke(canvas, cell, SKColors.White, 1);
                Drawing.CenteredText(canvas, Drawing.Number(value), cell, AnimationLayout.ValueFontSize, ChannelColors.Ink);
            }
        }

        // The window: every tap's cell outlined (with dilation the taps are not adjacent).
        foreach (var tap in taps)
        {
            var cell = layout.InputCell(top, tap.InputRow + geometry.PadTop, tap.InputColumn + geometry.PadLeft);
            Drawing.Stroke(canvas, cell.Inset(1.5f), ChannelColors.Ink, 3);
        }
    }

    private static void DrawOutputMap(
        SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, float top, SKColor color, AnimationFrame frame, Func<int, int, float?> shown, (float Minimum, float Maximum) range)
    {
        var geometry = model.Geometry;
        for (var row = 0; row < geometry.OutputHeight; row++)
        {
            for (var column = 0; column < geometry.OutputWidth; column++)
            {
                var cell = layout.OutputCell(top, row, column);
                if (shown(row, column) is not { } value)
                {
                    Drawing.Fill(canvas, cell, SKColors.White);
                    Drawing.Stroke(canvas, cell.Inset(0.5f), new SKColor(0xC8, 0xC8, 0xC8), 1);
                    continue;
                }

                var spread = range.Maximum - range.Minimum;
                var fill = ChannelColors.Tint(color, 0.15 + (0.7 * (spread > 0 ? (value - range.Minimum) / spread : 0.5)));
                Drawing.Fill(canvas, cell, fill);
                Drawing.Stroke(canvas, cell, SKColors.White, 1);
                Drawing.CenteredText(canvas, Drawing.Number(value), cell, AnimationLayout.ValueFontSize - (Drawing.Number(value).Length > 2 ? 2 : 0), ChannelColors.TextOn(fill), bold: true);
            }
        }

        if (!frame.IsFinal)
        {
            Drawing.Stroke(canvas, layout.OutputCell(top, frame.OutputRow, frame.OutputColumn).Inset(1.5f), ChannelColors.Ink, 3);
        }
    }

    private static void DrawTraditionalRow(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, AnimationFrame frame)
    {
        var geometry = model.Geometry;
        var top = layout.TraditionalTop;
        var separator = top - AnimationLayout.TraditionalHeadingHeight;
        Drawing.Line(canvas, AnimationLayout.Margin, separator, layout.Width - AnimationLayout.Margin, separator, new SKColor(0xC8, 0xC8, 0xC8), 1);
        var kernel = $"{geometry.Kernel.Height}×{geometry.Kernel.Width}×{model.Channels}";
        Drawing.Text(canvas, $"Traditional convolution: one {kernel} kernel spans all {model.Channels} channels → one output map", AnimationLayout.Margin, separator + 22, 15, ChannelColors.Ink, bold: true);
        Drawing.Text(
            canvas,
            $"{model.TraditionalMultipliesPerOutput} multiplies per output value, against {model.DepthwiseMultipliesPerOutput} per depthwise output value. Values computed by Conv2d.Forward.",
            AnimationLayout.Margin,
            separator + 42,
            13,
            ChannelColors.Muted);

        var swatch = SKRect.Create(AnimationLayout.Margin, top + (layout.RowHeight / 2) - 18, 18, 18);
        Drawing.Fill(canvas, swatch, ChannelColors.Neutral);
        Drawing.Text(canvas, "traditional", swatch.Right + 7, swatch.Bottom - 3, 13, ChannelColors.Ink, bold: true);
        Drawing.Text(canvas, "all channels", swatch.Left, swatch.Bottom + 17, 12, ChannelColors.Neutral);

        // The input and the kernel as stacks of C slices, channel 0 in front, the others behind it down and right.
        var step = AnimationLayout.StackStep;
        for (var channel = model.Channels - 1; channel >= 0; channel--)
        {
            var offset = channel * step;
            var inputCorner = layout.InputCell(top, 0, 0);
            var plane = SKRect.Create(inputCorner.Left + offset, inputCorner.Top + offset, layout.PaddedWidth * layout.Cell, layout.PaddedHeight * layout.Cell);
            Drawing.Fill(canvas, plane, ChannelColors.Tint(ChannelColors.Of(channel), 0.22));
            Drawing.Stroke(canvas, plane, ChannelColors.Of(channel), 2);
            var kernelCorner = layout.KernelCell(top, 0, 0);
            var slice = SKRect.Create(kernelCorner.Left + offset, kernelCorner.Top + offset, geometry.Kernel.Width * layout.Cell, geometry.Kernel.Height * layout.Cell);
            Drawing.Fill(canvas, slice, ChannelColors.Tint(ChannelColors.Of(channel), 0.3));
            Drawing.Stroke(canvas, slice, ChannelColors.Of(channel), 2);
        }

        // The front slice carries the window; the kernel slice spans the same taps on every channel.
        foreach (var tap in frame.TraditionalTaps().Take(geometry.Taps))
        {
            var cell = layout.InputCell(top, tap.InputRow + geometry.PadTop, tap.InputColumn + geometry.PadLeft);
            Drawing.Stroke(canvas, cell.Inset(1.5f), ChannelColors.Ink, 3);
        }

        var kernelBottom = layout.KernelCell(top, geometry.Kernel.Height - 1, 0).Bottom + ((model.Channels - 1) * step);
        Drawing.Text(canvas, $"the {model.Channels} kernels", layout.KernelX, kernelBottom + 18, 11, ChannelColors.Muted);
        Drawing.Text(canvas, "above, stacked", layout.KernelX, kernelBottom + 32, 11, ChannelColors.Muted);

        var middle = top + (layout.RowHeight / 2);
        Drawing.CenteredText(canvas, "×", SKRect.Create(layout.KernelX - AnimationLayout.Gap, middle - 15, AnimationLayout.Gap, 30), 22, ChannelColors.Muted);
        Drawing.CenteredText(canvas, "=", SKRect.Create(layout.ProductsX - AnimationLayout.Gap, middle - 15, AnimationLayout.Gap, 30), 22, ChannelColors.Muted);

        // All C·k² products: per channel, the same sums as the depthwise rows, then added across channels.
        var taps = frame.TraditionalTaps();
        if (frame.IsFinal)
        {
            var area = SKRect.Create(layout.ProductsX, middle - 24, geometry.Kernel.Width * layout.ProductCellWidth, 48);
            Drawing.CenteredText(canvas, $"{model.StepCount} values", area.Shifted(0, -10), 13, ChannelColors.Ink);
            Drawing.CenteredText(canvas, $"× {model.TraditionalMultipliesPerOutput} multiplies", area.Shifted(0, 10), 13, ChannelColors.Ink);
            Drawing.CenteredText(canvas, $"= {model.StepCount * model.TraditionalMultipliesPerOutput}", layout.SumBox(top), 16, ChannelColors.Ink, bold: true);
        }

        if (taps.Count > 0)
        {
            var x = layout.ProductsX;
            var lineTop = middle - 22;
            Drawing.Text(canvas, $"{taps.Count} products, summed per channel:", x, lineTop, 12, ChannelColors.Muted);
            var parts = new List<(string Text, SKColor Color)>();
            for (var channel = 0; channel < model.Channels; channel++)
            {
                var partial = taps.Skip(channel * geometry.Taps).Take(geometry.Taps).Sum(tap => tap.Product);
                parts.Add((channel == 0 ? Drawing.Number(partial) : $" + {Drawing.Number(partial)}", ChannelColors.Of(channel)));
            }

            foreach (var (text, color) in parts)
            {
                Drawing.Text(canvas, text, x, middle + 5, 14, color, bold: true);
                x += Drawing.Width(text, 14, bold: true);
            }
        }

        if (frame.ShownTraditionalOutput(frame.OutputRow, frame.OutputColumn) is { } total && !frame.IsFinal)
        {
            Drawing.CenteredText(canvas, $"= {Drawing.Number(total)}", layout.SumBox(top), 16, ChannelColors.Ink, bold: true);
        }

        Drawing.Arrow(canvas, layout.OutputX - AnimationLayout.Gap + 6, middle, layout.OutputX - 8, middle, ChannelColors.Muted, 1.5f);
        DrawOutputMap(canvas, model, layout, top, ChannelColors.Neutral, frame, frame.ShownTraditionalOutput, TraditionalRange(model));
    }

    private static void DrawFooter(SKCanvas canvas, ConvolutionAnimationModel model, AnimationLayout layout, AnimationFrame frame)
    {
        var geometry = model.Geometry;
        var text = frame.IsFinal
            ? $"Done: {model.StepCount} window positions, {model.OutputChannels} output maps of {geometry.OutputHeight}×{geometry.OutputWidth}. Values computed by DepthwiseConv2d.Forward" + (model.Settings.Compare ? " and Conv2d.Forward." : ".")
            : $"Step {frame.Index + 1} of {model.StepCount}: output ({frame.OutputRow}, {frame.OutputColumn}) = sum of {geometry.Taps} products in each map. Values computed by DepthwiseConv2d.Forward.";
        Drawing.Text(canvas, text, AnimationLayout.Margin, layout.Height - 14, 12, ChannelColors.Muted);
    }

    private static (float Minimum, float Maximum) AllValues(ConvolutionAnimationModel model, int map)
    {
        var minimum = float.MaxValue;
        var maximum = float.MinValue;
        for (var row = 0; row < model.Geometry.OutputHeight; row++)
        {
            for (var column = 0; column < model.Geometry.OutputWidth; column++)
            {
                var value = model.DepthwiseOutput(map, row, column);
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }
        }

        return (minimum, maximum);
    }

    private static (float Minimum, float Maximum) TraditionalRange(ConvolutionAnimationModel model)
    {
        var minimum = float.MaxValue;
        var maximum = float.MinValue;
        for (var row = 0; row < model.Geometry.OutputHeight; row++)
        {
            for (var column = 0; column < model.Geometry.OutputWidth; column++)
            {
                var value = model.TraditionalOutput(row, column);
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }
        }

        return (minimum, maximum);
    }
}
