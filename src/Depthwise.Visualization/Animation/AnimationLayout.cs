using Depthwise.Visualization.Rendering;
using SkiaSharp;

namespace Depthwise.Visualization.Animation;

/// <summary>
/// Where everything in an animation frame goes: one row per output map (label, padded input, kernel, products,
/// sum, output map), then, with the comparison, one row for the traditional convolution.
/// </summary>
internal sealed class AnimationLayout
{
    public const float Margin = 20;
    public const float TitleHeight = 62;
    public const float HeadingHeight = 24;
    public const float TraditionalHeadingHeight = 62;
    public const float LabelWidth = 112;
    public const float Gap = 38;
    public const float RowGap = 22;
    public const float FooterHeight = 34;
    public const float ValueFontSize = 14;
    public const float ProductFontSize = 12;

    /// <summary>Offset between the slices of the traditional row's input and kernel stacks.</summary>
    public const float StackStep = 7;

    private readonly ConvolutionAnimationModel _model;

    public AnimationLayout(ConvolutionAnimationModel model)
    {
        _model = model;
        var geometry = model.Geometry;
        PaddedHeight = geometry.InputHeight + geometry.PadTop + geometry.PadBottom;
        PaddedWidth = geometry.InputWidth + geometry.PadLeft + geometry.PadRight;
        Cell = Math.Max(PaddedHeight, PaddedWidth) > 9 ? 26 : 30;

        // Products print as "a·w": the widest one over every window sets the column width.
        var widest = 0f;
        for (var step = 0; step < model.StepCount; step++)
        {
            var frame = model.Frame(step);
            for (var map = 0; map < model.OutputChannels; map++)
            {
                foreach (var tap in frame.Taps(map))
                {
                    widest = Math.Max(widest, Drawing.Width(ProductText(tap), ProductFontSize));
                }
            }
        }

        ProductCellWidth = MathF.Ceiling(Math.Max(Cell, widest + 10));
        SumWidth = MathF.Ceiling(Math.Max(70, Drawing.Width("= −888", 16, bold: true) + 8));
        RowHeight = Math.Max(Math.Max(PaddedHeight, geometry.Kernel.Height), geometry.OutputHeight) * Cell;

        InputX = Margin + LabelWidth;
        KernelX = InputX + (PaddedWidth * Cell) + Gap;
        ProductsX = KernelX + (geometry.Kernel.Width * Cell) + Gap;
        SumX = ProductsX + (geometry.Kernel.Width * ProductCellWidth) + 10;
        OutputX = SumX + SumWidth + Gap;
        RowsTop = TitleHeight + HeadingHeight;
        var rowsBottom = RowsTop + (model.OutputChannels * (RowHeight + RowGap));
        TraditionalTop = rowsBottom + TraditionalHeadingHeight;
        var contentBottom = model.Settings.Compare ? TraditionalTop + RowHeight + ((model.Channels - 1) * StackStep) + RowGap + 16 : rowsBottom;
        var titleWidth = Drawing.Width(ConvolutionAnimation.Title(model), 18, bold: true);
        Width = (int)MathF.Ceiling(Math.Max(OutputX + (geometry.OutputWidth * Cell), titleWidth) + Margin);
        Height = (int)MathF.Ceiling(contentBottom + FooterHeight);
    }

    public int Width { get; }

    public int Height { get; }

    public float Cell { get; }

    public int PaddedHeight { get; }

    public int PaddedWidth { get; }

    public float ProductCellWidth { get; }

    public float SumWidth { get; }

    public float RowHeight { get; }

    public float InputX { get; }

    public float KernelX { get; }

    public float ProductsX { get; }

    public float SumX { get; }

    public float OutputX { get; }

    public float RowsTop { get; }

    public float TraditionalTop { get; }

    /// <summary>Top of output map <paramref name="map"/>'s row.</summary>
    public float RowTop(int map) => RowsTop + (map * (RowHeight + RowGap));

    /// <summary>The solid square of the map's channel colour beside its label.</summary>
    public SKRect Swatch(int map) => SKRect.Create(Margin, RowTop(map) + (RowHeight / 2) - 18, 18, 18);

    /// <summary>Cell (<paramref name="row"/>, <paramref name="column"/>) of the padded input, in padded coordinates.</summary>
    public SKRect InputCell(float top, int row, int column) =>
        SKRect.Create(InputX + (column * Cell), Centered(top, PaddedHeight) + (row * Cell), Cell, Cell);

    public SKRect KernelCell(float top, int row, int column) =>
        SKRect.Create(KernelX + (column * Cell), Centered(top, _model.Geometry.Kernel.Height) + (row * Cell), Cell, Cell);

    public SKRect ProductCell(float top, int row, int column) =>
        SKRect.Create(ProductsX + (column * ProductCellWidth), Centered(top, _model.Geometry.Kernel.Height) + (row * Cell), ProductCellWidth, Cell);

    public SKRect SumBox(float top) => SKRect.Create(SumX, top + (RowHeight / 2) - (Cell / 2), SumWidth, Cell);

    public SKRect OutputCell(float top, int row, int column) =>
        SKRect.Create(OutputX + (column * Cell), Centered(top, _model.Geometry.OutputHeight) + (row * Cell), Cell, Cell);

    public static string ProductText(TapProduct tap) => $"{Drawing.Number(tap.Input)}×{Drawing.Number(tap.Weight)}";

    // Blocks of different heights are centred on the row.
    private float Centered(float top, int cells) => top + ((RowHeight - (cells * Cell)) / 2);
}
