using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// Chains of convolutions the graph passes fuse (<see cref="FusedDomain"/>): a depthwise-separable block on
/// <see cref="SeparableConv2dPlan"/> and an inverted residual block on <see cref="InvertedResidualConv2dPlan"/>, whose
/// kernels never write the intermediate tensors. The bodies run the convolutions (and the Add) one after the other; the
/// bound kernels give the same bits.
/// </summary>
internal static partial class OnnxOperators
{
    /// <summary>
    /// Depthwise Conv → 1×1 Conv. Inputs: x, the depthwise weights and bias, the pointwise weights and bias (absent
    /// biases empty); attributes: the depthwise Conv's; <see cref="OnnxNode.StageActivations"/>: one per Conv.
    /// </summary>
    public const string SeparableConvOp = "SeparableConv";

    /// <summary>
    /// 1×1 Conv → depthwise Conv → 1×1 Conv [→ Add]. Inputs: x, then weights and bias of the expansion, the depthwise
    /// and the projection Conv (absent biases empty), then optionally the residual the Add adds; attributes: the
    /// depthwise Conv's; <see cref="OnnxNode.StageActivations"/>: one per Conv.
    /// </summary>
    public const string InvertedResidualOp = "InvertedResidual";

    private const int ResidualInput = 7;

    /// <summary>
    /// The Convs of a fused node as <see cref="PlanStep.FusedConvolutions"/> describes them: names, weights inputs,
    /// groups (0: depthwise, one group per input channel) and options.
    /// </summary>
    internal static (string Name, int WeightsInput, int Groups, Conv2dOptions Options)[] FusedConvolutions(OnnxNode node, string[] names)
    {
        var (groups, options) = ConvolutionSettings(node);
        Conv2dOptions Pointwise(int stage) => new() { Activation = node.StageActivations[stage], Threads = node.Threads };
        var depthwise = names.Length - 2;
        return
        [
            .. depthwise == 1 ? [(names[0], 1, 1, Pointwise(0))] : Array.Empty<(string, int, int, Conv2dOptions)>(),
            (names[depthwise], (2 * depthwise) + 1, groups, options with { Activation = node.StageActivations[depthwise] }),
            (names[depthwise + 1], (2 * depthwise) + 3, 1, Pointwise(depthwise + 1)),
        ];
    }

    private static OperatorBody SeparableConv(OnnxNode node)
    {
        var (groups, options) = ConvolutionSettings(node);
        var (depthwiseWeights, depthwiseBias) = StageParameters(node, 1);
        var (pointwiseWeights, pointwiseBias) = StageParameters(node, 3);
        return inputs =>
        {
            // x (N, C, H, W) → depthwise (N, C·M, Ho, Wo) → pointwise (N, Cout, Ho, Wo)
            var x = RequiredFloat(inputs, 0);
            RequireRank(x, 4, "input X");
            using var middle = Conv2d.Forward(ToTensor(x, "input X"), depthwiseWeights, depthwiseBias, groups, options with { Activation = node.StageActivations[0] });
            return [Pointwise(middle, pointwiseWeights, pointwiseBias, node.StageActivations[1], node.Threads)];
        };
    }

    private static OperatorBody InvertedResidual(OnnxNode node)
    {
        var (groups, options) = ConvolutionSettings(node);
        var (expandWeights, expandBias) = StageParameters(node, 1);
        var (depthwiseWeights, depthwiseBias) = StageParameters(node, 3);
        var (projectWeights, projectBias) = StageParameters(node, 5);
        var add = Binary<AddOperator>(node, (a, b) => a + b);
        return inputs =>
        {
            // x (N, Cin, H, W) → expand (N, C, H, W) → depthwise (N, C, Ho, Wo) → project (N, Cout, Ho, Wo) [+ residual]
            var x = RequiredFloat(inputs, 0);
            RequireRank(x, 4, "input X");
            using var expanded = Conv2d.Forward(ToTensor(x, "input X"), expandWeights, expandBias, 1, new Conv2dOptions { Activation = node.StageActivations[0], Threads = node.Threads });
            using var middle = Conv2d.Forward(expanded, depthwiseWeights, depthwiseBias, groups, options with { Activation = node.StageActivations[1] });
            var y = Pointwise(middle, projectWeights, projectBias, node.StageActivations[2], node.Threads);
            return node.HasInput(ResidualInput) ? add([y, Optional(inputs, ResidualInput)]) : [y];
        };
    }

    private static OnnxValue Pointwise(Tensor input, Tensor weights, Tensor? bias, Activation activation, int threads)
    {
        using var output = Conv2d.Forward(input, weights, bias, 1, new Conv2dOptions { Activation = activation, Threads = threads });
        return OnnxValue.FromFloats(output.Span.ToArray(), output.ShapeArray());
    }

    // The constant weights (input `index`) and bias (input `index` + 1, or null) of one of the fused Convs.
    private static (Tensor Weights, Tensor? Bias) StageParameters(OnnxNode node, int index) =>
        (node.Constant(index) is { } weights ? ToTensor(weights, "weights W") : throw node.Error($"input {index} (weights) must be a constant."),
         node.Constant(index + 1) is { } bias ? ToTensor(bias, "bias B") : null);

    /// <summary>
    /// Smallest intermediate (bytes) for which a bound SeparableConv runs fused. A smaller one stays in cache between
    /// the two prepared operators, and on NCHW data those keep what the fused kernel gives up: the planar depthwise
    /// kernels (no transposes) and the pointwise GEMM with pixels in the vectors. Measured in PP-OCRv4 det and
    /// MobileNetV2 (one thread, each step's fastest of 20): 3.3 MB (32 × 160², det) 2.5 → 2.1 ms fused and 1.6 MB
    /// (32 × 112², MobileNetV2's first block) 484 → 390 µs, but 1.2 MB (48 × 80²) 0.93–1.04 → 1.31–1.38 ms and
    /// 0.6 MB (96 × 40²) 0.72–0.74 → 0.84 ms.
    /// </summary>
    private const long FusedSeparableIntermediateBytes = 3 << 19;

    // x (N, C, H, W) → y (N, Cout, Ho, Wo): on a prepared fused plan when the intermediate is large, else on the two
    // prepared operators with an intermediate buffer of the plan's own (the same bits either way).
    private static StepBinder? BindSeparableConv(OnnxNode node)
    {
        var (groups, options) = ConvolutionSettings(node);
        var (depthwiseWeights, depthwiseBias) = StageParameters(node, 1);
        var (pointwiseWeights, pointwiseBias) = StageParameters(node, 3);
        var plan = SeparableConv2d.Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, new SeparableConv2dOptions
        {
            Stride = options.Stride,
            Dilation = options.Dilation,
            Padding = options.Padding,
            DepthwiseActivation = node.StageActivations[0],
            PointwiseActivation = node.StageActivations[1],
            Threads = node.Threads,
        });
        var depthwise = DepthwiseConv2d.Prepare(depthwiseWeights, depthwiseBias, options with { Activation = node.StageActivations[0] });
        var pointwise = PointwiseConv2d.Prepare(pointwiseWeights, pointwiseBias, node.StageActivations[1], node.Threads);
        return (inputs, _, outputs) =>
        {
            if (!AllFloat(inputs, 1) || inputs[0]!.Rank != 4 || inputs[0]!.Length == 0 || inputs[0]!.Shape[1] != groups)
            {
                return null;
            }

            var input = ToTensor(inputs[0]!, "input X");
            var output = ToTensor(outputs[0], "output Y");
            var y = outputs[0].Shape;
            long intermediate = (long)y[0] * plan.MiddleChannels * y[2] * y[3];
            if (intermediate * sizeof(float) >= FusedSeparableIntermediateBytes)
            {
                return new BoundSeparableConvStep(plan, input, output).Run;
            }

            var middle = new Tensor([y[0], plan.MiddleChannels, y[2], y[3]]);
            return () =>
            {
                depthwise.Forward(input, middle);
                pointwise.Forward(middle, output);
            };
        };
    }

    // x (N, Cin, H, W) [, residual (N, Cout, Ho, Wo)] → y (N, Cout, Ho, Wo) on a prepared fused plan; a residual that
    // broadcasts runs the body instead.
    private static StepBinder? BindInvertedResidual(OnnxNode node)
    {
        var (_, options) = ConvolutionSettings(node);
        var (expandWeights, expandBias) = StageParameters(node, 1);
        var (depthwiseWeights, depthwiseBias) = StageParameters(node, 3);
        var (projectWeights, projectBias) = StageParameters(node, 5);
        var plan = InvertedResidualConv2d.Prepare(expandWeights, expandBias, depthwiseWeights, depthwiseBias, projectWeights, projectBias, new InvertedResidualConv2dOptions
        {
            Stride = options.Stride,
            Dilation = options.Dilation,
            Padding = options.Padding,
            ExpandActivation = node.StageActivations[0],
            DepthwiseActivation = node.StageActivations[1],
            ProjectActivation = node.StageActivations[2],
            Threads = node.Threads,
        });
        var hasResidual = node.HasInput(ResidualInput);
        return (inputs, _, outputs) =>
        {
            if (!AllFloat(inputs, 1) || inputs[0]!.Rank != 4 || inputs[0]!.Length == 0 || inputs[0]!.Shape[1] != plan.InputChannels)
            {
                return null;
            }

            var output = ToTensor(outputs[0], "output Y");
            Tensor? residual = null;
            if (hasResidual)
            {
                if (Optional(inputs, ResidualInput) is not { IsFloat: true } value || !value.Shape.SequenceEqual(outputs[0].Shape))
                {
                    return null;
                }

                residual = ToTensor(value, "residual");
            }

            var input = ToTensor(inputs[0]!, "input X");
            return plan.Bind(input, residual, output);
        };
    }
}
