using Depthwise.Cost;
using Depthwise.Geometry;
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
    public IReadOnlyList<OnnxConvLayer> DescribeConvolutions(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var layers = new List<OnnxConvLayer>();
        Execute(inputs, (step, arguments) =>
        {
            if (step.Convolution is not var (groups, options) || arguments[0] is not { Rank: 4 } x || arguments[1] is not { Rank: 4 } w)
            {
                return;
            }

            int batch = x.Shape[0], inputChannels = x.Shape[1], outputChannels = w.Shape[0];
            var hasBias = arguments.Length > 2 && arguments[2] is not null;
            try
            {
                var geometry = ConvGeometry.Create(x.Shape[2], x.Shape[3], new Size2D(w.Shape[2], w.Shape[3]), options.Stride, options.Dilation, options.Padding);
                var cost = groups == inputChannels
                    ? CostModel.Depthwise(batch, inputChannels, outputChannels / inputChannels, geometry, hasBias)
                    : CostModel.Convolution(batch, inputChannels, outputChannels, groups, geometry, hasBias);
                layers.Add(new OnnxConvLayer(step.Name, batch, inputChannels, outputChannels, groups, geometry, options.Activation, hasBias, cost));
            }
            catch (ArgumentException)
            {
                // The step itself reports the invalid shape with the node's name when it runs, just after this.
            }
        });
        return layers;
    }
}
