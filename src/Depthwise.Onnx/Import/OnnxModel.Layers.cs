using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>Per-layer reporting: what every convolution of the plan does for a given input.</summary>
public sealed partial class OnnxModel
{
    /// <summary>
    /// Runs the model once on <paramref name="inputs"/> and reports every Conv as it ran: channels, groups, geometry,
    /// fused activation and cost (<see cref="CostModel"/>). Depthwise layers are those with group == Cin.
    /// </summary>
    /// <param name="inputs">Inputs as for <see cref="Run(IReadOnlyDictionary{string, Tensor})"/>; their sizes fix every layer's spatial size.</param>
    /// <returns>The Conv layers in execution order.</returns>
    /// <exception cref="OnnxModelException">The inputs are invalid or a node fails.</exception>
    public IReadOnlyList<OnnxConvLayer> DescribeConvolutions(IReadOnlyDictionary<string, Tensor> inputs) => DescribeComputeLayers(inputs).Convolutions;

    /// <summary>
    /// Runs the model once on <paramref name="inputs"/> and reports every Gemm and MatMul as it ran (classifiers,
    /// attention, dense heads): sizes and cost. A weight or bias counts as parameters when it is a constant of the model.
    /// </summary>
    /// <param name="inputs">Inputs as for <see cref="Run(IReadOnlyDictionary{string, Tensor})"/>.</param>
    /// <returns>The Gemm and MatMul layers in execution order.</returns>
    /// <exception cref="OnnxModelException">The inputs are invalid or a node fails.</exception>
    public IReadOnlyList<OnnxMatrixProductLayer> DescribeMatrixProducts(IReadOnlyDictionary<string, Tensor> inputs) => DescribeComputeLayers(inputs).MatrixProducts;

    /// <summary>
    /// Both of the above from one run of the model: what a whole-model cost table needs (<c>depthwise cost MODEL.onnx</c>).
    /// </summary>
    /// <param name="inputs">Inputs as for <see cref="Run(IReadOnlyDictionary{string, Tensor})"/>.</param>
    /// <returns>The Conv layers and the Gemm/MatMul layers, each in execution order.</returns>
    /// <exception cref="OnnxModelException">The inputs are invalid or a node fails.</exception>
    public (IReadOnlyList<OnnxConvLayer> Convolutions, IReadOnlyList<OnnxMatrixProductLayer> MatrixProducts) DescribeComputeLayers(
        IReadOnlyDictionary<string, Tensor> inputs)
    {
        var convolutions = new List<OnnxConvLayer>();
        var products = new List<OnnxMatrixProductLayer>();
        Execute(new ModelInputs(inputs), (step, arguments) =>
        {
            AddConvolution(step, arguments, convolutions);
            AddMatrixProduct(step, arguments, products);
        });
        return (convolutions, products);
    }

    private static void AddConvolution(PlanStep step, OnnxValue?[] arguments, List<OnnxConvLayer> layers)
    {
        if (arguments.Length == 0 || arguments[0] is not { Rank: 4 } x)
        {
            return;
        }

        if (step.Convolution is var (groups, options))
        {
            AddLayer(step.Name, groups, options, x.Shape, arguments, 1, layers);
            return;
        }

        // A fused chain: each Conv reads the previous one's output shape.
        var shape = x.Shape;
        foreach (var (name, weightsInput, stageGroups, stageOptions) in step.FusedConvolutions ?? [])
        {
            if (AddLayer(name, stageGroups == 0 ? shape[1] : stageGroups, stageOptions, shape, arguments, weightsInput, layers) is not { } next)
            {
                return;
            }

            shape = next;
        }
    }

    // One Conv reading an (N, C, H, W) input with the weights and bias at `weightsInput`; returns its output shape.
    private static int[]? AddLayer(string name, int groups, Conv2dOptions options, int[] x, OnnxValue?[] arguments, int weightsInput, List<OnnxConvLayer> layers)
    {
        if (arguments.Length <= weightsInput || arguments[weightsInput] is not { Rank: 4 } w)
        {
            return null;
        }

        int batch = x[0], inputChannels = x[1], outputChannels = w.Shape[0];
        var hasBias = arguments.Length > weightsInput + 1 && arguments[weightsInput + 1] is not null;
        try
        {
            var geometry = ConvGeometry.Create(x[2], x[3], new Size2D(w.Shape[2], w.Shape[3]), options.Stride, options.Dilation, options.Padding);
            var cost = groups == inputChannels
                ? CostModel.Depthwise(batch, inputChannels, outputChannels / inputChannels, geometry, hasBias)
                : CostModel.Convolution(batch, inputChannels, outputChannels, groups, geometry, hasBias);
            layers.Add(new OnnxConvLayer(name, batch, inputChannels, outputChannels, groups, geometry, options.Activation, hasBias, cost));
            return [batch, outputChannels, geometry.OutputHeight, geometry.OutputWidth];
        }
        catch (ArgumentException)
        {
            // The step itself reports the invalid shape with the node's name when it runs, just after this.
            return null;
        }
    }

    private void AddMatrixProduct(PlanStep step, OnnxValue?[] arguments, List<OnnxMatrixProductLayer> layers)
    {
        if (step.MatrixProduct is not var (transposeA, transposeB) || arguments.Length < 2 || arguments[0] is not { } a || arguments[1] is not { } b
            || a.Rank == 0 || b.Rank == 0)
        {
            return;
        }

        // MatMul follows numpy: a vector operand is promoted to a matrix; leading dimensions broadcast.
        int rows = a.Rank == 1 ? 1 : transposeA ? a.Shape[^1] : a.Shape[^2];
        var inner = transposeA && a.Rank > 1 ? a.Shape[^2] : a.Shape[^1];
        var columns = b.Rank == 1 ? 1 : transposeB ? b.Shape[^2] : b.Shape[^1];
        var innerOfB = b.Rank == 1 ? b.Shape[0] : transposeB ? b.Shape[^1] : b.Shape[^2];
        if (inner != innerOfB)
        {
            // The step itself reports the mismatch with the node's name when it runs, just after this.
            return;
        }

        long batch = 1;
        for (var axis = 3; axis <= Math.Max(a.Rank, b.Rank); axis++)
        {
            batch *= Math.Max(a.Rank >= axis ? a.Shape[^axis] : 1, b.Rank >= axis ? b.Shape[^axis] : 1);
        }

        var constant = (int index) => index < step.Inputs.Length && step.Inputs[index] >= 0 && _graph.ConstantSlots.ContainsKey(step.Inputs[index]);
        long parameters = (constant(1) ? b.Length : 0) + (constant(2) && arguments[2] is { } c ? c.Length : 0);
        var macs = checked(batch * rows * inner * columns);
        var cost = new OpCost
        {
            Parameters = parameters,
            Macs = macs,
            MacsExcludingPadding = macs,
            BytesRead = checked(sizeof(float) * (a.Length + b.Length + (arguments.Length > 2 && arguments[2] is { } bias ? bias.Length : 0))),
            BytesWritten = checked(sizeof(float) * batch * rows * columns),
        };
        layers.Add(new OnnxMatrixProductLayer(step.Name, step.OpType, batch, rows, inner, columns, cost));
    }
}
