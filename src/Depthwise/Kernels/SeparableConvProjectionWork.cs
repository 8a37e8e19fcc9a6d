using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Kernels;

/// <summary>
/// The second phase of the channel split (<see cref="SeparableConvGroupWork{TSimd, TVector, TTaps, TActivation}"/>): the
/// projection GEMM of every image over the shared middle buffer, cut into tiles as a threaded GEMM is
/// (<see cref="GemmTiling"/>), each tile one single-threaded GEMM call followed by the tile's residual, added while the
/// tile is in cache.
/// </summary>
/// <remarks>
/// The orientation is the band's (<see cref="SeparableConvJob.UsesPlanarMiddle"/>): out (pixels, Cout) = middle · Wᵀ
/// with Wᵀ packed, or out (Cout, pixels) = W · middle with the planes read in place. Every output element is one
/// micro-kernel call over all C from its bias, whatever the tile, so the bits are those of the row split.
/// </remarks>
internal readonly unsafe struct SeparableConvProjectionWork : IWorkItem
{
    private readonly SeparableConvJob _job;
    private readonly float* _middle;
    private readonly int _rows;
    private readonly int _columns;
    private readonly int _tileRows;
    private readonly int _panelColumns;
    private readonly int _rowPanels;
    private readonly int _columnPanels;
    private readonly int _rowBlocks;
    private readonly int _columnBlocks;

    /// <param name="job">The call.</param>
    /// <param name="middle">The middle buffer of every image, <see cref="SeparableConvJob.MiddleLength"/> floats apart.</param>
    /// <param name="threads">Threads the tiles are cut for.</param>
    public SeparableConvProjectionWork(in SeparableConvJob job, float* middle, int threads)
    {
        var geometry = job.Dimensions.Geometry;
        var pixels = geometry.OutputHeight * geometry.OutputWidth;
        _job = job;
        _middle = middle;
        _rows = job.UsesPlanarMiddle ? job.OutputChannels : pixels;
        _columns = job.UsesPlanarMiddle ? pixels : job.OutputChannels;
        _tileRows = GemmKernel.TileRows(_rows);
        _rowPanels = (_rows + _tileRows - 1) / _tileRows;
        _panelColumns = GemmKernel.PanelColumnsFor(RightPacked(job), OutputTransposed(job));
        _columnPanels = (_columns + _panelColumns - 1) / _panelColumns;
        var tiling = GemmTiling.For(
            _rowPanels, _columnPanels, (long)_tileRows * job.Dimensions.OutputChannels * sizeof(float), threads, rowsFirst: _rows > _columns);
        _rowBlocks = Math.Clamp(tiling.RowBlocks, 1, _rowPanels);

        // When the tiling splits rows at all, one row panel per item: a thread done with its range takes the others'
        // remaining items one at a time (WorkerPool), so the threads finish within one panel of each other instead of
        // within one block of several. Every row tile streams the whole depth of its right panel either way, so smaller
        // items only add a GEMM call (and NCHW residual rows) each. MobileNetV2's 14² projections (25 panels of 8 pixels
        // in 8 blocks of 3–4) had the caller waiting 3–7 µs per block for the helper's last block (RegionTrace).
        if (threads > 1 && _rowBlocks > 1)
        {
            _rowBlocks = _rowPanels;
        }

        _columnBlocks = Math.Clamp(tiling.ColumnBlocks, 1, _columnPanels);
        Items = job.Batch * _rowBlocks * _columnBlocks;
    }

    /// <summary>Work items: (image, tile), the tiles' row blocks varying fastest so that neighbouring items share right panels.</summary>
    public int Items { get; }

    public void Execute(int item)
    {
        // middle (Ho·Wo, C) or (C, Ho·Wo) of one image, W → one tile of output (Cout, Ho, Wo) or (Ho, Wo, Cout) [+ residual]
        var job = _job;
        var tiles = _rowBlocks * _columnBlocks;
        var image = item / tiles;
        var rowBlock = item % tiles % _rowBlocks;
        var columnBlock = item % tiles / _rowBlocks;
        var rowStart = (int)((long)rowBlock * _rowPanels / _rowBlocks) * _tileRows;
        var rowEnd = Math.Min((int)((long)(rowBlock + 1) * _rowPanels / _rowBlocks) * _tileRows, _rows);
        var columnStart = (int)((long)columnBlock * _columnPanels / _columnBlocks) * _panelColumns;
        var columnEnd = Math.Min((int)((long)(columnBlock + 1) * _columnPanels / _columnBlocks) * _panelColumns, _columns);

        var geometry = job.Dimensions.Geometry;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var output = job.Output + ((nint)image * job.OutputChannels * outputImage);
        var middle = _middle + (image * job.MiddleLength);
        var middleChannels = job.Dimensions.OutputChannels;
        var nchw = job.Layout == TensorLayout.Nchw;
        var outputTransposed = OutputTransposed(job);
        var bias = job.PointwiseBias;
        var biasMode = bias is null ? GemmBias.None : job.UsesPlanarMiddle ? GemmBias.PerRow : GemmBias.PerColumn;

        // (pixel, channel) of the tile's first element; packed panel p of Wᵀ starts at p·PanelColumns·C.
        var (firstChannel, endChannel, firstPixel, endPixel) = job.UsesPlanarMiddle ? (rowStart, rowEnd, columnStart, columnEnd) : (columnStart, columnEnd, rowStart, rowEnd);
        var tileOutput = output + (nchw ? (firstChannel * outputImage) + firstPixel : (firstPixel * job.OutputChannels) + firstChannel);
        var outputStride = nchw ? outputImage : job.OutputChannels;
        var operands = job.UsesPlanarMiddle
            ? new GemmOperands(
                rowEnd - rowStart, columnEnd - columnStart, middleChannels, job.PointwiseRowMajor + ((nint)rowStart * middleChannels), middleChannels, 1,
                middle + columnStart, job.MiddlePlaneStride, RightPacked(job), tileOutput, outputStride, outputTransposed, bias is null ? null : bias + rowStart, biasMode)
            : new GemmOperands(
                rowEnd - rowStart, columnEnd - columnStart, middleChannels, middle + ((nint)rowStart * job.MiddleStride), job.MiddleStride, 1,
                job.PointwiseWeights + ((nint)columnStart * middleChannels), 0, RightPacked(job), tileOutput, outputStride, outputTransposed,
                bias is null ? null : bias + columnStart, biasMode);
        GemmKernel.Run(operands, job.PointwiseActivation, threads: 1);
        if (job.Residual is not null)
        {
            AddResidual(image, firstChannel, endChannel, firstPixel, endPixel);
        }
    }

    // The GEMM's orientation, which also sets its panel width (GemmKernel.PanelColumnsFor), so the tiles cut here line
    // up with the panels the GEMM walks: a planar middle is the right operand read in place (pixels as columns), its
    // output transposed for NHWC; a channels-last middle is the left operand against the packed weights (channels as
    // columns), its output transposed for NCHW.
    private static bool RightPacked(in SeparableConvJob job) => !job.UsesPlanarMiddle;

    private static bool OutputTransposed(in SeparableConvJob job) => job.UsesPlanarMiddle == (job.Layout == TensorLayout.Nhwc);

    // output += residual over channels [firstChannel, endChannel) × pixels [firstPixel, endPixel) of one image (Add(a, b) rounds a + b as this does).
    private void AddResidual(int image, int firstChannel, int endChannel, int firstPixel, int endPixel)
    {
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var imageStart = (nint)image * job.OutputChannels * outputImage;
        var nchw = job.Layout == TensorLayout.Nchw;
        var (outer, outerEnd, inner, innerLength, outerStride) = nchw
            ? (firstChannel, endChannel, firstPixel, endPixel - firstPixel, outputImage)
            : (firstPixel, endPixel, firstChannel, endChannel - firstChannel, (nint)job.OutputChannels);
        for (var line = outer; line < outerEnd; line++)
        {
            var start = imageStart + (line * outerStride) + inner;
            TensorPrimitives.Add(
                new ReadOnlySpan<float>(job.Output + start, innerLength), new ReadOnlySpan<float>(job.Residual + start, innerLength), new Span<float>(job.Output + start, innerLength));
        }
    }
}
