using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Depthwise.Benchmarks.TorchSharp;

/// <summary>
/// Builds a torch.nn network from the one-line description the benchmarks' train-step command writes from a Depthwise
/// model: layers separated by ';', each a name and integer or decimal arguments, with <c>residual-begin</c> …
/// <c>residual-end</c> around the body of an identity shortcut.
/// </summary>
internal static class NetworkBuilder
{
    public static nn.Module<Tensor, Tensor> Build(string spec)
    {
        var layers = spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var position = 0;
        var network = BuildSequence(layers, ref position);
        if (position != layers.Length)
        {
            throw new FormatException($"unbalanced '{layers[position]}' at layer {position} of the network description.");
        }

        return network;
    }

    private static nn.Module<Tensor, Tensor> BuildSequence(string[] layers, ref int position)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        while (position < layers.Length)
        {
            var words = layers[position].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words[0] == "residual-end")
            {
                break;
            }

            position++;
            var name = modules.Count.ToString(CultureInfo.InvariantCulture);
            if (words[0] == "residual-begin")
            {
                var body = BuildSequence(layers, ref position);
                position++;
                modules.Add((name, new Residual(body)));
                continue;
            }

            modules.Add((name, Layer(words)));
        }

        return nn.Sequential(modules);
    }

    private static nn.Module<Tensor, Tensor> Layer(string[] words)
    {
        long Long(int index) => long.Parse(words[index], CultureInfo.InvariantCulture);
        double Double(int index) => double.Parse(words[index], CultureInfo.InvariantCulture);
        return words[0] switch
        {
            // conv IN OUT KERNEL STRIDE PADDING GROUPS BIAS
            "conv" => nn.Conv2d(Long(1), Long(2), Long(3), stride: Long(4), padding: Long(5), groups: Long(6), bias: Long(7) != 0),

            // bn CHANNELS EPSILON MOMENTUM AFFINE
            "bn" => nn.BatchNorm2d(Long(1), eps: Double(2), momentum: Double(3), affine: Long(4) != 0),
            "relu" => nn.ReLU(),
            "relu6" => nn.ReLU6(),
            "hardswish" => nn.Hardswish(),
            "sigmoid" => nn.Sigmoid(),

            // maxpool / avgpool KERNEL STRIDE PADDING
            "maxpool" => nn.MaxPool2d(Long(1), Long(2), Long(3)),
            "avgpool" => nn.AvgPool2d(Long(1), Long(2), Long(3), count_include_pad: false),
            "gap" => nn.AdaptiveAvgPool2d(1),
            "flatten" => nn.Flatten(),

            // linear IN OUT BIAS
            "linear" => nn.Linear(Long(1), Long(2), hasBias: Long(3) != 0),
            "dropout" => nn.Dropout(Double(1)),
            _ => throw new FormatException($"unknown layer '{words[0]}' in the network description."),
        };
    }

    /// <summary>y = body(x) + x.</summary>
    private sealed class Residual : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _body;

        public Residual(nn.Module<Tensor, Tensor> body)
            : base(nameof(Residual))
        {
            _body = body;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => _body.call(input) + input;
    }
}
