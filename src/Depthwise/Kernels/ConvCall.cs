using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// A prepared (grouped) convolution decided once for fixed shapes, run on the data of each call without validating or
/// deciding again: a network's stem (few input channels) with its weights packed once, a single-image NCHW 1×1
/// convolution as one GEMM with its orientation and tiling chosen once, anything else through
/// <see cref="GroupedConvKernel.Forward"/> on the validated sizes.
/// </summary>
/// <remarks>
/// For plans that run the same shapes on every call (ONNX execution plans bind each step to buffers of fixed shapes).
/// Per call, <see cref="Conv2dPlan.Forward(Tensor, Tensor)"/> validates the tensors, builds the problem, chooses the
/// kernel and, for the stem, packs its weights, all on the calling thread between parallel regions (≈ 5 µs for
/// MobileNetV2's stem and last 1×1 each, most of it cache misses on cold code and objects). The same operations run
/// on the same data, so the results are the unbound call's bits.
/// </remarks>
internal sealed unsafe class ConvCall
{
    private readonly Conv2dProblem _problem;
    private readonly float[] _weights;
    private readonly PrepackedWeights? _packed;
    private readonly float[] _bias;
    private readonly int _inputLength;
    private readonly int _outputLength;

    // The stem: bias and weights packed per block of 8 output channels, in a pinned array this call keeps.
    private readonly float[]? _fewChannelWeights;
    private readonly FewChannelConvShape _fewChannelShape;
    private readonly int _fewChannelThreads;

    // One GEMM: its kind (which operand is the input), its tiling and threads.
    private readonly PointwiseKind _pointwise;
    private readonly GemmTiling _tiling;
    private readonly int _gemmThreads;

    /// <param name="problem">The validated problem.</param>
    /// <param name="weights">Weights in PyTorch order (Cout, Cin/g, kH, kW).</param>
    /// <param name="packed">The weights packed by <see cref="PointwiseConvKernel.PackWeights"/> when the problem reads them so, else null.</param>
    /// <param name="bias">Bias (Cout) or empty.</param>
    /// <param name="channelsLastOutput">Whether a stem (<see cref="WritesChannelsLastOutput"/>) writes its NCHW input's
    /// output as (N, Ho, Wo, Cout), for a next step that reads it so.</param>
    public ConvCall(in Conv2dProblem problem, float[] weights, PrepackedWeights? packed, float[] bias, bool channelsLastOutput = false)
    {
        _problem = problem;
        _weights = weights;
        _packed = packed;
        _bias = bias;
        var geometry = problem.Geometry;
        _inputLength = checked(problem.Batch * problem.InputChannels * geometry.InputHeight * geometry.InputWidth);
        _outputLength = checked((int)(problem.Batch * problem.OutputChannels * geometry.OutputPixels));
        if (GroupedConvKernel.IsPointwise(geometry))
        {
            if (problem.Layout == TensorLayout.Nchw && problem.Batch == 1 && problem.Groups == 1)
            {
                _pointwise = PointwiseKindOf(problem, packed is not null);
                var operands = Operands(null, null, null, null);
                _gemmThreads = (long)operands.Rows * operands.Columns * operands.Depth < GemmKernel.SingleThreadMultiplyAdds ? 1 : problem.Threads;
                _tiling = GemmKernel.Tiling(operands, _gemmThreads);
            }
        }
        else if (FewChannelConvKernel.Suits(problem.Layout, problem.InputChannels, problem.Groups, geometry))
        {
            var depth = problem.InputChannels * geometry.Taps;
            _fewChannelWeights = PinnedScratch.AllocatePinned(channelsLastOutput
                ? FewChannelConvKernel.PackedWeightsLengthChannelsLast(problem.InputChannels, problem.OutputChannels, geometry)
                : FewChannelConvKernel.PackedWeightsLength(problem.InputChannels, problem.OutputChannels, geometry));
            if (channelsLastOutput)
            {
                FewChannelConvKernel.PackWeightsChannelsLast(weights, bias, problem.OutputChannels, depth, PinnedScratch.AlignedStart(_fewChannelWeights));
            }
            else
            {
                FewChannelConvKernel.PackWeights(weights, bias, problem.OutputChannels, depth, PinnedScratch.AlignedStart(_fewChannelWeights));
            }

            _fewChannelThreads = problem.Threads;
            _fewChannelShape = FewChannelConvKernel.Shape(problem.Batch, problem.InputChannels, problem.OutputChannels, geometry, ref _fewChannelThreads, channelsLastOutput);
        }
    }

    /// <summary>Whether the call writes its output (N, Ho, Wo, Cout) (see the constructor).</summary>
    public bool WritesChannelsLastOutput => _fewChannelShape.ChannelsLast;

    /// <summary>
    /// This call writing its output (N, Ho, Wo, Cout), or null when it cannot: only a stem (NCHW input with few
    /// channels) can, whose channels-last blocks give each element the same bits as its planar ones.
    /// </summary>
    public ConvCall? ChannelsLastOutput() =>
        CanWriteChannelsLastOutput ? new ConvCall(_problem, _weights, _packed, _bias, channelsLastOutput: true) : null;

    /// <summary>Whether <see cref="ChannelsLastOutput"/> gives a call.</summary>
    public bool CanWriteChannelsLastOutput => _fewChannelWeights is not null;

    /// <summary>The validated problem (input and output shapes, activation).</summary>
    public Conv2dProblem Problem => _problem;

    /// <summary>
    /// This stem as the first stage of a fused separable block (<see cref="SeparableConvExpansion.FromStem"/>), its output
    /// rows computed band by band into the block's expanded rows; only for a call that writes channels-last
    /// (<see cref="WritesChannelsLastOutput"/>). The stage reads this call's pinned weights: whoever runs it keeps this call.
    /// </summary>
    /// <returns>The stage.</returns>
    public SeparableConvExpansion StemExpansion()
    {
        if (!WritesChannelsLastOutput)
        {
            throw new InvalidOperationException("Only a stem that writes channels-last runs inside a separable block.");
        }

        return SeparableConvExpansion.FromStem(PinnedScratch.AlignedStart(_fewChannelWeights!), _fewChannelShape, _problem.Activation);
    }

    // How a single-image NCHW 1×1 convolution runs as one GEMM (PointwiseConvKernel.NchwImage's three cases).
    private enum PointwiseKind
    {
        // Not one GEMM: GroupedConvKernel.Forward runs it.
        None,

        // out (Cout, HW) = W · in, W read from packed Wᵀ.
        PackedLeft,

        // outᵀ (HW, Cout) = inᵀ · packed Wᵀ, stored transposed.
        Transposed,

        // out (Cout, HW) = W · in, both read in place.
        Direct,
    }

    /// <summary>Runs the convolution on data of the shapes it was decided for (input and output in the problem's layout).</summary>
    /// <param name="input">The input, at least as long as the problem's.</param>
    /// <param name="output">The output, at least as long as the problem's; overwritten (channels-last when <see cref="WritesChannelsLastOutput"/>).</param>
    public void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        // input (N, Cin, H, W) → output (N, Cout, Ho, Wo), or (N, Ho, Wo, Cout) channels-last, with the weights and sizes decided at construction
        input = input[.._inputLength];
        output = output[.._outputLength];
        if (_fewChannelWeights is not null)
        {
            fixed (float* inputStart = input, outputStart = output)
            {
                FewChannelConvKernel.Run(
                    inputStart, PinnedScratch.AlignedStart(_fewChannelWeights), outputStart, _fewChannelShape, _problem.Activation, _fewChannelThreads);
            }

            return;
        }

        if (_pointwise != PointwiseKind.None)
        {
            fixed (float* inputStart = input, outputStart = output, weights = _weights, bias = _bias)
            {
                GemmKernel.Run(Operands(inputStart, outputStart, weights, bias), _problem.Activation, _gemmThreads, _tiling);
            }

            return;
        }

        GroupedConvKernel.Forward(
            input, _weights, _packed is null ? [] : _packed.Span, _bias, output, _problem.Batch, _problem.InputChannels, _problem.OutputChannels,
            _problem.Groups, _problem.Geometry, _problem.Activation, _problem.Layout, _problem.Threads);
    }

    private static PointwiseKind PointwiseKindOf(in Conv2dProblem problem, bool packed)
    {
        var pixels = problem.Geometry.InputHeight * problem.Geometry.InputWidth;
        if (!packed)
        {
            return PointwiseKind.Direct;
        }

        return PointwiseConvKernel.ReadsPackedWeightsAsLeft(pixels) ? PointwiseKind.PackedLeft : PointwiseKind.Transposed;
    }

    // The GEMM PointwiseConvKernel.NchwImage runs for one image and one group, on these pointers.
    private GemmOperands Operands(float* input, float* output, float* weights, float* bias)
    {
        var pixels = _problem.Geometry.InputHeight * _problem.Geometry.InputWidth;
        int rows = _problem.OutputChannels, depth = _problem.InputChannels;
        var biasMode = _bias.Length == 0 ? GemmBias.None : _pointwise == PointwiseKind.Transposed ? GemmBias.PerColumn : GemmBias.PerRow;
        return _pointwise switch
        {
            PointwiseKind.PackedLeft => new GemmOperands(
                rows, pixels, depth, PackedStart(), 1, 0, input, pixels, rightPacked: false, output, pixels, outputTransposed: false, bias, biasMode, leftPacked: true),
            PointwiseKind.Transposed => new GemmOperands(
                pixels, rows, depth, input, 1, pixels, PackedStart(), 0, rightPacked: true, output, pixels, outputTransposed: true, bias, biasMode),
            _ => new GemmOperands(
                rows, pixels, depth, weights, depth, 1, input, pixels, rightPacked: false, output, pixels, outputTransposed: false, bias, biasMode),
        };
    }

    // The packed weights live in a pinned array (PrepackedWeights), so their address stays valid outside a fixed block.
    private float* PackedStart()
    {
        fixed (float* start = _packed!.Span)
        {
            return start;
        }
    }
}
