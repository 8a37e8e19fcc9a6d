using Depthwise.Geometry;

namespace Depthwise.Tests.Operators;

/// <summary>
/// Double-precision forward passes written from the definitions, NCHW, sharing no code with the library beyond
/// <see cref="ConvGeometry"/> for output sizes and pads: the functions the finite-difference checks differentiate.
/// </summary>
internal static class DoubleReference
{
    /// <summary>Grouped convolution: x (N, Cin, H, W), w (Cout, Cin/g, kH, kW), b (Cout) → (N, Cout, Ho, Wo).</summary>
    public static double[] Conv2d(double[] x, int batch, int inputChannels, double[] w, double[]? b, int outputChannels, int groups, ConvGeometry g)
    {
        var groupInputs = inputChannels / groups;
        var groupOutputs = outputChannels / groups;
        var output = new double[batch * outputChannels * g.OutputHeight * g.OutputWidth];
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outputChannels; o++)
            {
                for (var oy = 0; oy < g.OutputHeight; oy++)
                {
                    for (var ox = 0; ox < g.OutputWidth; ox++)
                    {
                        var sum = b is null ? 0.0 : b[o];
                        for (var i = 0; i < groupInputs; i++)
                        {
                            var channel = (o / groupOutputs * groupInputs) + i;
                            for (var ky = 0; ky < g.Kernel.Height; ky++)
                            {
                                for (var kx = 0; kx < g.Kernel.Width; kx++)
                                {
                                    var y = (oy * g.Stride.Height) - g.PadTop + (ky * g.Dilation.Height);
                                    var xx = (ox * g.Stride.Width) - g.PadLeft + (kx * g.Dilation.Width);
                                    if (y < 0 || y >= g.InputHeight || xx < 0 || xx >= g.InputWidth)
                                    {
                                        continue;
                                    }

                                    sum += x[(((n * inputChannels) + channel) * g.InputHeight + y) * g.InputWidth + xx]
                                        * w[(((o * groupInputs) + i) * g.Kernel.Height + ky) * g.Kernel.Width + kx];
                                }
                            }
                        }

                        output[(((n * outputChannels) + o) * g.OutputHeight + oy) * g.OutputWidth + ox] = sum;
                    }
                }
            }
        }

        return output;
    }

    /// <summary>Training-mode batch normalization with biased batch variance: x (N, C, H, W) → same shape.</summary>
    public static double[] BatchNorm(double[] x, int batch, int channels, int pixels, double[]? gamma, double[]? beta, double epsilon)
    {
        var output = new double[x.Length];
        var count = batch * pixels;
        for (var c = 0; c < channels; c++)
        {
            double mean = 0, variance = 0;
            for (var n = 0; n < batch; n++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    mean += x[((n * channels) + c) * pixels + p];
                }
            }

            mean /= count;
            for (var n = 0; n < batch; n++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    var d = x[((n * channels) + c) * pixels + p] - mean;
                    variance += d * d;
                }
            }

            variance /= count;
            var inverse = 1 / Math.Sqrt(variance + epsilon);
            for (var n = 0; n < batch; n++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    var index = ((n * channels) + c) * pixels + p;
                    output[index] = ((x[index] - mean) * inverse * (gamma?[c] ?? 1.0)) + (beta?[c] ?? 0.0);
                }
            }
        }

        return output;
    }

    public static double[] Map(double[] x, Func<double, double> function) => x.Select(function).ToArray();

    public static double Relu(double x) => Math.Max(x, 0);

    public static double Relu6(double x) => Math.Min(Math.Max(x, 0), 6);

    public static double HardSwish(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;

    public static double HardSigmoid(double x) => Math.Min(Math.Max((x / 6) + 0.5, 0), 1);

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Max (or average, counting only input pixels) pooling: x (N·C planes of H×W) → (N·C planes of Ho×Wo).</summary>
    public static double[] Pool(double[] x, int planes, ConvGeometry g, bool max)
    {
        var output = new double[planes * g.OutputHeight * g.OutputWidth];
        for (var plane = 0; plane < planes; plane++)
        {
            for (var oy = 0; oy < g.OutputHeight; oy++)
            {
                for (var ox = 0; ox < g.OutputWidth; ox++)
                {
                    var best = double.NegativeInfinity;
                    double sum = 0;
                    var count = 0;
                    for (var ky = 0; ky < g.Kernel.Height; ky++)
                    {
                        for (var kx = 0; kx < g.Kernel.Width; kx++)
                        {
                            var y = (oy * g.Stride.Height) - g.PadTop + ky;
                            var xx = (ox * g.Stride.Width) - g.PadLeft + kx;
                            if (y < 0 || y >= g.InputHeight || xx < 0 || xx >= g.InputWidth)
                            {
                                continue;
                            }

                            var value = x[(plane * g.InputHeight + y) * g.InputWidth + xx];
                            best = Math.Max(best, value);
                            sum += value;
                            count++;
                        }
                    }

                    output[(plane * g.OutputHeight + oy) * g.OutputWidth + ox] = max ? best : sum / count;
                }
            }
        }

        return output;
    }

    /// <summary>Mean of each plane: x (planes × pixels) → (planes).</summary>
    public static double[] GlobalAveragePool(double[] x, int planes, int pixels)
    {
        var output = new double[planes];
        for (var plane = 0; plane < planes; plane++)
        {
            for (var p = 0; p < pixels; p++)
            {
                output[plane] += x[(plane * pixels) + p];
            }

            output[plane] /= pixels;
        }

        return output;
    }

    /// <summary>Fully connected: x (N, in), w (out, in), b (out) → (N, out).</summary>
    public static double[] Linear(double[] x, int batch, int inputs, double[] w, double[]? b, int outputs)
    {
        var output = new double[batch * outputs];
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var sum = b?[o] ?? 0.0;
                for (var i = 0; i < inputs; i++)
                {
                    sum += x[(n * inputs) + i] * w[(o * inputs) + i];
                }

                output[(n * outputs) + o] = sum;
            }
        }

        return output;
    }

    /// <summary>Mean softmax cross-entropy with label smoothing ε, by the textbook formula −Σ target · log softmax.</summary>
    public static double CrossEntropy(double[] logits, int batch, int classes, int[] labels, double smoothing = 0)
    {
        double total = 0;
        for (var n = 0; n < batch; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var value in row)
            {
                max = Math.Max(max, value);
            }

            double sum = 0;
            foreach (var value in row)
            {
                sum += Math.Exp(value - max);
            }

            for (var k = 0; k < classes; k++)
            {
                var target = ((k == labels[n] ? 1 - smoothing : 0) + (smoothing / classes));
                total -= target * (row[k] - max - Math.Log(sum));
            }
        }

        return total / batch;
    }

    /// <summary>Σ values · weights: turns an output into a scalar loss whose gradient is <paramref name="weights"/>.</summary>
    public static double Dot(double[] values, float[] weights)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i] * weights[i];
        }

        return sum;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
