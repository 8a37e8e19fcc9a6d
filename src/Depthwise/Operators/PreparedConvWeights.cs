using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// What <see cref="Conv2dPlan"/> and <see cref="PointwiseConv2dPlan"/> share: their own copy of the weights and bias,
/// the transposed weights packed into GEMM panel order the first time a call needs them, and the forward scaffolding
/// around a validated <see cref="Conv2dProblem"/>.
/// </summary>
internal sealed class PreparedConvWeights
{
    private readonly int _groups;
    private PrepackedWeights? _packed;

    /// <summary>Copies the weights (Cout, Cin/g, kH, kW) or (Cout, Cin) and the bias (Cout).</summary>
    public PreparedConvWeights(Tensor weights, Tensor? bias, int groups)
    {
        Shape = weights.ShapeArray();
        Weights = weights.Span.ToArray();
        Bias = bias is null ? [] : bias.Span.ToArray();
        _groups = groups;
    }

    /// <summary>The weights' shape.</summary>
    public int[] Shape { get; }

    /// <summary>The weights in PyTorch order.</summary>
    public float[] Weights { get; }

    /// <summary>The bias, or empty.</summary>
    public float[] Bias { get; }

    /// <summary>Checks that <paramref name="input"/> is a 4-D image of <paramref name="inputChannels"/> channels.</summary>
    public static void RequireInput(Tensor input, int inputChannels)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        if (input.Channels != inputChannels)
        {
            throw new ArgumentException(
                $"input {input} has {input.Channels} channels; this plan was prepared for Cin = {inputChannels}.", nameof(input));
        }
    }

    /// <summary>Convolves into a new tensor.</summary>
    public Tensor Forward(in Conv2dProblem problem, Tensor input, bool packed)
    {
        var output = problem.CreateOutput();
        Run(problem, input, output, packed);
        return output;
    }

    /// <summary>Convolves into a caller-supplied tensor, checked first.</summary>
    public void Forward(in Conv2dProblem problem, Tensor input, Tensor output, bool packed)
    {
        problem.CheckOutput(output, input, weights: null);
        Run(problem, input, output, packed);
    }

    /// <summary>A call of <paramref name="problem"/> decided once, for data given on each run (see <see cref="ConvCall"/>).</summary>
    public ConvCall Bind(in Conv2dProblem problem, bool packed) => new(problem, Weights, packed ? PackedWeights() : null, Bias);

    private void Run(in Conv2dProblem problem, Tensor input, Tensor output, bool packed) =>
        problem.Run(input, Weights, packed ? PackedWeights().Span : [], Bias, output);

    private PrepackedWeights PackedWeights()
    {
        // Racing threads may each pack; one result is published and every call reads identical values.
        var packed = Volatile.Read(ref _packed);
        if (packed is null)
        {
            var outputChannels = Shape[0];
            Interlocked.CompareExchange(ref _packed, new PrepackedWeights(Weights, Weights.Length / outputChannels, outputChannels / _groups, _groups), null);
            packed = Volatile.Read(ref _packed)!;
        }

        return packed;
    }
}
