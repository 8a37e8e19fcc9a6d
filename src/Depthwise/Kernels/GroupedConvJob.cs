using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// An im2col convolution cut into work items of (image, group, tile of output pixels). Each item gathers its own
/// windows into the executing thread's scratch and runs a one-thread GEMM on them, so gathering is split across the
/// threads along with the arithmetic (a shared GEMM per tile left the gathering on the calling thread and paid a
/// hand-off per tile).
/// </summary>
/// <remarks>
/// Every output element is still reduced by one micro-kernel call over the whole depth, starting from its bias, so the
/// tile size and the thread count never change the result.
/// </remarks>
internal readonly unsafe struct GroupedConvJob : IWorkItem
{
    private readonly float* _input;
    private readonly float* _weights;
    private readonly float* _bias;
    private readonly float* _output;
    private readonly int _inputChannels;
    private readonly int _outputChannels;
    private readonly int _groups;
    private readonly ConvGeometry _geometry;
    private readonly Activation _activation;
    private readonly TensorLayout _layout;
    private readonly int _tilePixels;
    private readonly int _tilesPerGroup;

    /// <summary>Plans the items.</summary>
    /// <param name="input">Input (N, Cin, H, W) in <paramref name="layout"/>, pinned.</param>
    /// <param name="weights">NCHW: weights (Cout, Cin/g, kH, kW); NHWC: Wgᵀ packed per group by <see cref="PointwiseConvKernel.PackWeights"/>.</param>
    /// <param name="bias">Bias (Cout), or null.</param>
    /// <param name="output">Output (N, Cout, Ho, Wo) in <paramref name="layout"/>, pinned.</param>
    /// <param name="batch">N.</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="groups">g.</param>
    /// <param name="geometry">The geometry.</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="layout">Input and output layout.</param>
    /// <param name="tilePixels">Output pixels per item (see <see cref="TilePixels"/>).</param>
    public GroupedConvJob(
        float* input, float* weights, float* bias, float* output, int batch, int inputChannels, int outputChannels, int groups,
        in ConvGeometry geometry, Activation activation, TensorLayout layout, int tilePixels)
    {
        _input = input;
        _weights = weights;
        _bias = bias;
        _output = output;
        _inputChannels = inputChannels;
        _outputChannels = outputChannels;
        _groups = groups;
        _geometry = geometry;
        _activation = activation;
        _layout = layout;
        _tilePixels = tilePixels;
        _tilesPerGroup = (int)((geometry.OutputPixels + tilePixels - 1) / tilePixels);
        Items = checked(batch * groups * _tilesPerGroup);
    }

    /// <summary>Work items: images × groups × tiles.</summary>
    public int Items { get; }

    /// <summary>
    /// Output pixels per item: as many as fill the im2col budget (<paramref name="budget"/> floats of columns), and with
    /// more than one thread few enough that there are four items per thread, in whole GEMM panels.
    /// </summary>
    /// <param name="depth">Cin/g·kH·kW.</param>
    /// <param name="outputPixels">Ho·Wo.</param>
    /// <param name="planes">Images × groups.</param>
    /// <param name="threads">Threads of the call.</param>
    /// <param name="budget">Floats of columns one tile may hold.</param>
    /// <returns>Pixels per tile, in [1, <paramref name="outputPixels"/>].</returns>
    public static int TilePixels(int depth, long outputPixels, int planes, int threads, int budget)
    {
        var tile = Math.Clamp(budget / depth, 1, outputPixels);
        if (threads > 1)
        {
            var wantedPerPlane = ((4L * threads) + planes - 1) / planes;
            var panel = GemmKernel.PanelColumns;
            var balanced = (outputPixels + wantedPerPlane - 1) / wantedPerPlane;
            tile = Math.Min(tile, Math.Max(panel, (balanced + panel - 1) / panel * panel));
        }

        return (int)Math.Min(tile, outputPixels);
    }

    /// <summary>Gathers and multiplies one tile.</summary>
    /// <param name="item">(image · groups + group) · tiles + tile.</param>
    public void Execute(int item)
    {
        // input (Cin/g, H, W) of one image and group → output (Cout/g, tile) of it (NCHW), or the same through (tile, depth) columns (NHWC)
        var tile = item % _tilesPerGroup;
        var plane = item / _tilesPerGroup;
        var group = plane % _groups;
        var image = plane / _groups;
        var geometry = _geometry;
        var inputPerGroup = _inputChannels / _groups;
        var outputPerGroup = _outputChannels / _groups;
        var depth = inputPerGroup * geometry.Taps;
        var outputPixels = (int)geometry.OutputPixels;
        var pixelStart = tile * _tilePixels;
        var pixelCount = Math.Min(_tilePixels, outputPixels - pixelStart);
        var columns = GroupedConvKernel.Im2ColScratch(depth * pixelCount);
        var inputImageLength = (long)geometry.InputHeight * geometry.InputWidth * _inputChannels;
        var inputImage = _input + (image * inputImageLength);
        var bias = _bias is null ? [] : new ReadOnlySpan<float>(_bias + (group * outputPerGroup), outputPerGroup);
        var biasMode = _bias is null ? GemmBias.None : GemmBias.PerRow;
        if (_layout == TensorLayout.Nchw)
        {
            var inputPlane = geometry.InputHeight * geometry.InputWidth;
            var groupInput = new ReadOnlySpan<float>(inputImage + (group * inputPerGroup * inputPlane), inputPerGroup * inputPlane);
            Im2Col.FillNchw(groupInput, inputPerGroup, geometry, pixelStart, pixelCount, columns);
            var outputOffset = ((((long)image * _outputChannels) + (group * outputPerGroup)) * outputPixels) + pixelStart;
            var outputLength = ((outputPerGroup - 1) * (long)outputPixels) + pixelCount;
            GemmKernel.Multiply(
                outputPerGroup, pixelCount, depth,
                new ReadOnlySpan<float>(_weights + ((long)group * outputPerGroup * depth), outputPerGroup * depth), depth, 1,
                columns, pixelCount, 1,
                new Span<float>(_output + outputOffset, checked((int)outputLength)), outputPixels,
                bias, biasMode, _activation, threads: 1);
            return;
        }

        Im2Col.FillNhwc(
            new ReadOnlySpan<float>(inputImage, checked((int)inputImageLength)), _inputChannels, group * inputPerGroup, inputPerGroup, geometry,
            pixelStart, pixelCount, columns);
        var groupLength = (int)PointwiseConvKernel.PackedWeightsLength(depth, outputPerGroup, 1);
        var nhwcOffset = ((((long)image * outputPixels) + pixelStart) * _outputChannels) + (group * outputPerGroup);
        var nhwcLength = ((pixelCount - 1) * (long)_outputChannels) + outputPerGroup;
        GemmKernel.MultiplyPacked(
            pixelCount, outputPerGroup, depth, columns, depth, 1, new ReadOnlySpan<float>(_weights + ((long)group * groupLength), groupLength),
            new Span<float>(_output + nhwcOffset, checked((int)nhwcLength)), _outputChannels, outputTransposed: false,
            bias, _bias is null ? GemmBias.None : GemmBias.PerColumn, _activation, threads: 1);
    }
}
