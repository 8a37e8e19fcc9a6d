using Depthwise.Operators;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// An NCHW pointwise convolution cut by image (<see cref="PointwiseConvKernel.SplitsImages"/>): item n runs image n's
/// GEMMs (<see cref="PointwiseConvKernel.NchwImage"/>) on the executing thread, so a batch of small images costs one
/// hand-off to the workers instead of one per image.
/// </summary>
internal readonly unsafe struct PointwiseImageJob : IWorkItem
{
    private readonly float* _input;
    private readonly int _inputLength;
    private readonly float* _weights;
    private readonly int _weightsLength;
    private readonly float* _bias;
    private readonly int _biasLength;
    private readonly float* _output;
    private readonly int _outputLength;
    private readonly int _inputChannels;
    private readonly int _outputChannels;
    private readonly int _groups;
    private readonly int _pixels;
    private readonly bool _transposed;
    private readonly Activation _activation;

    /// <summary>Captures the pinned operands.</summary>
    /// <param name="input">Input (N, Cin, H, W), pinned.</param>
    /// <param name="inputLength">Its length.</param>
    /// <param name="weights">Weights (Cout, Cin/g), or packed Wgᵀ when <paramref name="transposed"/>, pinned.</param>
    /// <param name="weightsLength">Its length.</param>
    /// <param name="bias">Bias (Cout), pinned, or null.</param>
    /// <param name="biasLength">Its length (0 without bias).</param>
    /// <param name="output">Output (N, Cout, H, W), pinned.</param>
    /// <param name="outputLength">Its length.</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="groups">g.</param>
    /// <param name="pixels">H·W.</param>
    /// <param name="transposed">Pixels as GEMM rows (<see cref="PointwiseConvKernel.TransposesNchw"/>).</param>
    /// <param name="activation">The fused activation.</param>
    public PointwiseImageJob(
        float* input, int inputLength, float* weights, int weightsLength, float* bias, int biasLength, float* output, int outputLength,
        int inputChannels, int outputChannels, int groups, int pixels, bool transposed, Activation activation)
    {
        _input = input;
        _inputLength = inputLength;
        _weights = weights;
        _weightsLength = weightsLength;
        _bias = bias;
        _biasLength = biasLength;
        _output = output;
        _outputLength = outputLength;
        (_inputChannels, _outputChannels, _groups, _pixels, _transposed, _activation) =
            (inputChannels, outputChannels, groups, pixels, transposed, activation);
    }

    /// <summary>Computes every output channel of image <paramref name="item"/>.</summary>
    /// <param name="item">The image.</param>
    public void Execute(int item) => PointwiseConvKernel.NchwImage(
        new ReadOnlySpan<float>(_input, _inputLength), new ReadOnlySpan<float>(_weights, _weightsLength), new ReadOnlySpan<float>(_bias, _biasLength),
        new Span<float>(_output, _outputLength), item, _inputChannels, _outputChannels, _groups, _pixels, _transposed, _activation, threads: 1);
}
