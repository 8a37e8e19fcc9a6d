using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Seeded weight initializations (Kaiming/He 2015, Xavier/Glorot 2010), with fans computed as PyTorch does, and the
/// scheme torchvision's MobileNets use. The same seed gives the same weights on every machine.
/// </summary>
public static class Initialization
{
    /// <summary>
    /// PyTorch's fans for a weight tensor: with receptive field r = product of dimensions 2.., fan in = shape[1]·r and
    /// fan out = shape[0]·r (so a depthwise (C, 1, 3, 3) weight has fan in 9 and fan out 9·C).
    /// </summary>
    /// <param name="shape">Weight shape, rank ≥ 2: (out, in, …).</param>
    /// <returns>Fan in and fan out.</returns>
    /// <exception cref="ArgumentException">The rank is below 2.</exception>
    public static (long FanIn, long FanOut) Fans(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
        {
            throw new ArgumentException($"shape {Tensor.FormatShape(shape)} has rank {shape.Length}; fans need a weight of rank >= 2 (out, in, ...).", nameof(shape));
        }

        long receptive = 1;
        for (var i = 2; i < shape.Length; i++)
        {
            receptive *= shape[i];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Kaiming normal for ReLU networks: N(0, 2 / fan).</summary>
    /// <param name="weights">Filled in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="mode">Which fan.</param>
    public static void KaimingNormal(Tensor weights, Random random, FanMode mode = FanMode.FanIn) =>
        Normal(weights, random, 0, Math.Sqrt(2.0 / Fan(weights, mode)));

    /// <summary>Kaiming uniform for ReLU networks: U(−b, b) with b = √(6 / fan).</summary>
    /// <param name="weights">Filled in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="mode">Which fan.</param>
    public static void KaimingUniform(Tensor weights, Random random, FanMode mode = FanMode.FanIn)
    {
        var bound = Math.Sqrt(6.0 / Fan(weights, mode));
        Uniform(weights, random, -bound, bound);
    }

    /// <summary>Xavier uniform: U(−b, b) with b = √(6 / (fan in + fan out)).</summary>
    /// <param name="weights">Filled in place.</param>
    /// <param name="random">The generator.</param>
    public static void XavierUniform(Tensor weights, Random random)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var (fanIn, fanOut) = Fans(weights.Shape);
        var bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        Uniform(weights, random, -bound, bound);
    }

    /// <summary>Xavier normal: N(0, 2 / (fan in + fan out)).</summary>
    /// <param name="weights">Filled in place.</param>
    /// <param name="random">The generator.</param>
    public static void XavierNormal(Tensor weights, Random random)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var (fanIn, fanOut) = Fans(weights.Shape);
        Normal(weights, random, 0, Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>Independent normal samples (Box–Muller).</summary>
    /// <param name="tensor">Filled in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="standardDeviation">Standard deviation (≥ 0).</param>
    public static void Normal(Tensor tensor, Random random, double mean, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(standardDeviation);
        var values = tensor.Span;
        for (var i = 0; i < values.Length; i += 2)
        {
            // 1 − U keeps the logarithm's argument in (0, 1].
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            values[i] = (float)(mean + (standardDeviation * radius * Math.Cos(angle)));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(mean + (standardDeviation * radius * Math.Sin(angle)));
            }
        }
    }

    /// <summary>Independent uniform samples in [low, high).</summary>
    /// <param name="tensor">Filled in place.</param>
    /// <param name="random">The generator.</param>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound (≥ <paramref name="low"/>).</param>
    public static void Uniform(Tensor tensor, Random random, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!(high >= low))
        {
            throw new ArgumentException($"uniform bounds must satisfy low <= high; got low {low}, high {high}.", nameof(high));
        }

        var values = tensor.Span;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(low + ((high - low) * random.NextDouble()));
        }
    }

    /// <summary>
    /// torchvision's MobileNet initialization, applied to every module in <see cref="Module.NamedModules"/> order:
    /// convolutions Kaiming normal with fan out, linear layers N(0, 0.01²), biases 0, batch normalization γ = 1 and
    /// β = 0 with running mean 0 and variance 1.
    /// </summary>
    /// <param name="model">The model, changed in place.</param>
    /// <param name="seed">Seed of the one generator used for every tensor.</param>
    public static void Default(Module model, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        foreach (var (_, module) in model.NamedModules())
        {
            switch (module)
            {
                case Conv2d convolution:
                    KaimingNormal(convolution.Weight.Value, random, FanMode.FanOut);
                    Zero(convolution.Bias);
                    break;
                case DepthwiseConv2d depthwise:
                    KaimingNormal(depthwise.Weight.Value, random, FanMode.FanOut);
                    Zero(depthwise.Bias);
                    break;
                case PointwiseConv2d pointwise:
                    KaimingNormal(pointwise.Weight.Value, random, FanMode.FanOut);
                    Zero(pointwise.Bias);
                    break;
                case Linear linear:
                    Normal(linear.Weight.Value, random, 0, 0.01);
                    Zero(linear.Bias);
                    break;
                case BatchNorm2d normalization:
                    normalization.Weight?.Value.Span.Fill(1f);
                    Zero(normalization.Bias);
                    normalization.RunningMean.Span.Clear();
                    normalization.RunningVariance.Span.Fill(1f);
                    break;
            }
        }
    }

    private static void Zero(Parameter? parameter) => parameter?.Value.Span.Clear();

    private static long Fan(Tensor weights, FanMode mode)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var (fanIn, fanOut) = Fans(weights.Shape);
        return mode == FanMode.FanIn ? fanIn : fanOut;
    }
}
