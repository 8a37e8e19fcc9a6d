using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Nn;
using Depthwise.Onnx.Protos;
using Depthwise.Operators;
using Depthwise.Tensors;
using BatchNorm2d = Depthwise.Nn.BatchNorm2d;
using Conv2d = Depthwise.Nn.Conv2d;
using DepthwiseConv2d = Depthwise.Nn.DepthwiseConv2d;
using GlobalAveragePool = Depthwise.Nn.GlobalAveragePool;
using Linear = Depthwise.Nn.Linear;
using PointwiseConv2d = Depthwise.Nn.PointwiseConv2d;

namespace Depthwise.Onnx.Export;

/// <summary>
/// Walks a module tree and appends its ONNX nodes and initializers to one graph, tracking the shape of the value that
/// flows between modules (pads depend on it).
/// </summary>
internal sealed class OnnxGraphWriter(bool foldBatchNorm)
{
    private readonly Dictionary<(float Min, float Max), (string Min, string Max)> _clipBounds = [];
    private readonly HashSet<string> _names = [];

    public GraphProto Graph { get; } = new();

    /// <summary>Emits one module; returns the name of the value it produces.</summary>
    public string Emit(Module module, string name, string input, int[] shape)
    {
        switch (module)
        {
            case Sequential sequence:
                return EmitSequence(sequence, name, input, shape);
            case InvertedResidual block:
                var body = Emit(block.Body, Join(name, block.Children[0].Name), input, shape);
                return block.UseResidual ? Node("Add", name + "/add", [body, input]) : body;
            case SqueezeExcitation excitation:
                return EmitSqueezeExcitation(excitation, name, input, shape);
            case Conv2d convolution:
                return EmitConvolution(name, input, shape, convolution.Weight, convolution.Bias, convolution.Groups, convolution.Options, null);
            case DepthwiseConv2d depthwise:
                return EmitConvolution(name, input, shape, depthwise.Weight, depthwise.Bias, depthwise.Channels, depthwise.Options, null);
            case PointwiseConv2d pointwise:
                return EmitConvolution(
                    name, input, shape, pointwise.Weight, pointwise.Bias, 1, new Conv2dOptions { Activation = pointwise.Activation }, null);
            case BatchNorm2d normalization:
                return EmitBatchNorm(normalization, name, input);
            case Relu:
                return Node("Relu", name, [input]);
            case Relu6:
                return EmitActivation(Activation.Relu6, name, input);
            case HardSwish:
                return Node("HardSwish", name, [input]);
            case HardSigmoid:
                return Node("HardSigmoid", name, [input], OnnxProto.Float("alpha", 1f / 6f), OnnxProto.Float("beta", 0.5f));
            case Sigmoid:
                return Node("Sigmoid", name, [input]);
            case GlobalAveragePool:
                return Node("GlobalAveragePool", name, [input]);
            case Flatten:
                return shape.Length == 2 ? input : Node("Flatten", name, [input], OnnxProto.Int("axis", 1));
            case Linear linear:
                return EmitLinear(linear, name, input);
            case Dropout:
                // Inference form: dropout is the identity.
                return input;
            default:
                throw new NotSupportedException(
                    $"module '{name}' is a {module.GetType().Name}, which the ONNX exporter does not know; supported: Sequential, InvertedResidual, " +
                    "SqueezeExcitation, Conv2d, DepthwiseConv2d, PointwiseConv2d, BatchNorm2d, Relu, Relu6, HardSwish, HardSigmoid, Sigmoid, " +
                    "GlobalAveragePool, Flatten, Linear, Dropout.");
        }
    }

    /// <summary>Gives the graph's final value the output name, renaming the node that produces it (or adding an Identity).</summary>
    public void RenameOutput(string value, string outputName)
    {
        var producer = Graph.Node.LastOrDefault(node => node.Output.Contains(value));
        if (producer is null || Graph.Node.Any(node => node.Input.Contains(value)))
        {
            Graph.Node.Add(new NodeProto { OpType = "Identity", Name = outputName, Input = { value }, Output = { outputName } });
            return;
        }

        producer.Output[producer.Output.IndexOf(value)] = outputName;
    }

    private string EmitSequence(Sequential sequence, string name, string input, int[] shape)
    {
        var value = input;
        var children = sequence.Children;
        for (var i = 0; i < children.Count; i++)
        {
            var (childName, child) = children[i];
            var path = Join(name, childName);
            var next = i + 1 < children.Count ? children[i + 1].Module as BatchNorm2d : null;
            var output = child.Describe(shape).OutputShapeArray();
            if (foldBatchNorm && next is not null && TryFold(child, next, path, value, shape) is { } folded)
            {
                value = folded;
                i++;
            }
            else
            {
                value = Emit(child, path, value, shape);
            }

            shape = output;
        }

        return value;
    }

    private string? TryFold(Module convolution, BatchNorm2d normalization, string name, string input, int[] shape) => convolution switch
    {
        Conv2d { Options.Activation.Kind: ActivationKind.None } conv =>
            EmitConvolution(name, input, shape, conv.Weight, conv.Bias, conv.Groups, conv.Options, normalization),
        DepthwiseConv2d { Options.Activation.Kind: ActivationKind.None } depthwise =>
            EmitConvolution(name, input, shape, depthwise.Weight, depthwise.Bias, depthwise.Channels, depthwise.Options, normalization),
        PointwiseConv2d { Activation.Kind: ActivationKind.None } pointwise =>
            EmitConvolution(name, input, shape, pointwise.Weight, pointwise.Bias, 1, Conv2dOptions.Default, normalization),
        _ => null,
    };

    private string EmitConvolution(
        string name, string input, int[] shape, Parameter weight, Parameter? bias, int groups, Conv2dOptions options, BatchNorm2d? folded)
    {
        var weights = weight.Value;
        var kernel = new Size2D(weights.Shape[2], weights.Shape[3]);
        var geometry = ConvGeometry.Create(shape[2], shape[3], kernel, options.Stride, options.Dilation, options.Padding);
        var inputs = new List<string> { input };
        if (folded is null)
        {
            inputs.Add(Initializer(name + ".weight", weights));
            if (bias is not null)
            {
                inputs.Add(Initializer(name + ".bias", bias.Value));
            }
        }
        else
        {
            var (foldedWeights, foldedBias) = Fold(weights, bias?.Value, folded);
            inputs.Add(Initializer(name + ".weight", foldedWeights));
            inputs.Add(Initializer(name + ".bias", foldedBias));
        }

        var output = Node(
            "Conv",
            name,
            [.. inputs],
            OnnxProto.Ints("kernel_shape", kernel.Height, kernel.Width),
            OnnxProto.Ints("strides", geometry.Stride.Height, geometry.Stride.Width),
            OnnxProto.Ints("dilations", geometry.Dilation.Height, geometry.Dilation.Width),
            // ONNX pads are [top, left, bottom, right]: all begins, then all ends.
            OnnxProto.Ints("pads", geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight),
            OnnxProto.Int("group", groups));
        return options.Activation.Kind == ActivationKind.None ? output : EmitActivation(options.Activation, name + "/activation", output);
    }

    // W' = W·a, b' = (b − mean)·a + β with a = γ / √(var + ε), per output channel, computed in double.
    private static (Tensor Weights, Tensor Bias) Fold(Tensor weights, Tensor? bias, BatchNorm2d normalization)
    {
        var outputChannels = weights.Shape[0];
        if (normalization.Channels != outputChannels)
        {
            throw new ArgumentException(
                $"batch norm has {normalization.Channels} channels but the convolution before it has {outputChannels} outputs; expected equal counts.",
                nameof(normalization));
        }

        var perChannel = weights.Length / outputChannels;
        var foldedWeights = new Tensor(weights.Shape);
        var foldedBias = new Tensor([outputChannels]);
        for (var o = 0; o < outputChannels; o++)
        {
            var scale = (normalization.Weight?.Value.Span[o] ?? 1.0) / Math.Sqrt(normalization.RunningVariance.Span[o] + (double)normalization.Epsilon);
            for (var i = 0; i < perChannel; i++)
            {
                foldedWeights.Span[(o * perChannel) + i] = (float)(weights.Span[(o * perChannel) + i] * scale);
            }

            var shift = normalization.Bias?.Value.Span[o] ?? 0.0;
            foldedBias.Span[o] = (float)((((bias?.Span[o] ?? 0.0) - normalization.RunningMean.Span[o]) * scale) + shift);
        }

        return (foldedWeights, foldedBias);
    }

    private string EmitBatchNorm(BatchNorm2d normalization, string name, string input)
    {
        var ones = new Tensor([normalization.Channels]);
        ones.Span.Fill(1f);
        var scale = Initializer(name + ".weight", normalization.Weight?.Value ?? ones);
        var shift = Initializer(name + ".bias", normalization.Bias?.Value ?? new Tensor([normalization.Channels]));
        var mean = Initializer(name + ".running_mean", normalization.RunningMean);
        var variance = Initializer(name + ".running_var", normalization.RunningVariance);
        return Node("BatchNormalization", name, [input, scale, shift, mean, variance], OnnxProto.Float("epsilon", normalization.Epsilon));
    }

    private string EmitSqueezeExcitation(SqueezeExcitation excitation, string name, string input, int[] shape)
    {
        var value = input;
        var valueShape = shape;
        foreach (var (childName, child) in new (string, Module)[]
        {
            ("avgpool", excitation.Pool), ("fc1", excitation.Reduce), ("activation", excitation.Activation), ("fc2", excitation.Expand), ("scale_activation", excitation.Gate),
        })
        {
            value = Emit(child, Join(name, childName), value, valueShape);
            valueShape = child.Describe(valueShape).OutputShapeArray();
        }

        return Node("Mul", name + "/scale", [input, value]);
    }

    private string EmitLinear(Linear linear, string name, string input)
    {
        var inputs = new List<string> { input, Initializer(name + ".weight", linear.Weight.Value) };
        if (linear.Bias is not null)
        {
            inputs.Add(Initializer(name + ".bias", linear.Bias.Value));
        }

        return Node("Gemm", name, [.. inputs], OnnxProto.Int("transB", 1));
    }

    private string EmitActivation(Activation activation, string name, string input)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                return input;
            case ActivationKind.Relu:
                return Node("Relu", name, [input]);
            case ActivationKind.HardSwish:
                return Node("HardSwish", name, [input]);
            default:
                // Relu6 and Clip: since opset 11 the bounds are inputs, shared per distinct pair.
                if (!_clipBounds.TryGetValue((activation.Min, activation.Max), out var bounds))
                {
                    var suffix = string.Create(CultureInfo.InvariantCulture, $"{activation.Min}_{activation.Max}");
                    bounds = (Initializer("clip_min_" + suffix, Scalar(activation.Min)), Initializer("clip_max_" + suffix, Scalar(activation.Max)));
                    _clipBounds[(activation.Min, activation.Max)] = bounds;
                }

                return Node("Clip", name, [input, bounds.Min, bounds.Max]);
        }
    }

    private static Tensor Scalar(float value) => new([value], ReadOnlySpan<int>.Empty);

    private string Initializer(string name, Tensor value)
    {
        var unique = Claim(name);
        Graph.Initializer.Add(OnnxProto.FloatTensor(unique, value.Span, value.Shape));
        return unique;
    }

    private string Node(string operatorType, string name, string[] inputs, params AttributeProto[] attributes)
    {
        var output = Claim(name.Length == 0 ? operatorType : name);
        var node = new NodeProto { OpType = operatorType, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return output;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // Names of nodes, values and initializers share one namespace here, so every value name is unique.
    private string Claim(string name)
    {
        var unique = name;
        for (var i = 1; !_names.Add(unique); i++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{i}");
        }

        return unique;
    }
}
