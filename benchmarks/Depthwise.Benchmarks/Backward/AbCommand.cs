using System.Diagnostics;
using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Backward;

internal static class AbCommand
{
    public static int Run(string[] args)
    {
        var batch = int.Parse(args[0], CultureInfo.InvariantCulture);
        var layout = args[1] == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var stride = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rounds = int.Parse(args[3], CultureInfo.InvariantCulture);
        var configs = args[4..];
        var channels = args.Length > 0 ? 144 : 0;
        var size = 56;
        var random = new Random(1);
        var data = new float[batch * channels * size * size];
        for (var i = 0; i < data.Length; i++) data[i] = random.NextSingle() * 2 - 1;
        var input = new Tensor(data, [batch, channels, size, size]).ToLayout(layout);
        var w = new float[channels * 9];
        for (var i = 0; i < w.Length; i++) w[i] = random.NextSingle() * 2 - 1;
        var weights = new Tensor(w, [channels, 1, 3, 3]);
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.SameUpper, Threads = 1 };
        var gradOutput = DepthwiseConv2d.Forward(input, weights, null, options);
        var gradients = DepthwiseConv2d.Backward(input, weights, gradOutput, options);
        var flops = 2.0 * 2 * batch * channels * gradOutput.Length / batch / channels * batch * channels * 9 / batch / channels;
        flops = 4.0 * gradOutput.Length * 9;
        var best = new double[configs.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            for (var c = 0; c < configs.Length; c++)
            {
                Apply(configs[c]);
                Action call = configs[c] == "mem"
                    ? () =>
                    {
                        input.Span.CopyTo(gradients.GradInput.Span);
                        var sum = System.Numerics.Tensors.TensorPrimitives.Sum<float>(gradOutput.Span);
                        if (sum == 12345f) Console.Write("");
                    }
                    : () => DepthwiseConv2d.BackwardInto(input, weights, gradOutput, gradients, options);
                call();
                var start = Stopwatch.GetTimestamp();
                const int calls = 3;
                for (var k = 0; k < calls; k++) call();
                best[c] = Math.Min(best[c], Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls);
            }
        }

        for (var c = 0; c < configs.Length; c++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{configs[c],-20} {best[c]:F3} ms {flops / best[c] / 1e6:F1} GFLOP/s"));
        }

        return 0;
    }

    private static void Apply(string config)
    {
        foreach (var part in config.Split(','))
        {
            var kv = part.Split('=');
            switch (kv[0])
            {
                case "band": DepthwiseBackwardPlanes.BandFloats = long.Parse(kv[1], CultureInfo.InvariantCulture); break;
                case "x": DepthwiseBackwardPlanes.Experiment = int.Parse(kv[1], CultureInfo.InvariantCulture); break;
            }
        }
    }
}
