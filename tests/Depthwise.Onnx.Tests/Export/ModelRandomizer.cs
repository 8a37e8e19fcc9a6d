using Depthwise.Nn;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Tests.Export;

/// <summary>
/// Gives a freshly built model weights and statistics that exercise every term of the exported graph: random batch
/// norm γ, β, running mean and variance (not the 1/0/0/1 identity a fresh model has), random biases, and classifier
/// weights large enough that the logits are of order one (so the tolerance is not loose next to them).
/// </summary>
internal static class ModelRandomizer
{
    public static void Randomize(Module model, int seed)
    {
        var random = new Random(seed);
        foreach (var (_, module) in model.NamedModules())
        {
            switch (module)
            {
                case BatchNorm2d normalization:
                    Uniform(normalization.Weight!.Value, random, 0.5, 1.5);
                    Uniform(normalization.Bias!.Value, random, -0.3, 0.3);
                    Uniform(normalization.RunningMean, random, -0.3, 0.3);
                    Uniform(normalization.RunningVariance, random, 0.5, 2.0);
                    break;
                case Linear linear:
                    Initialization.XavierUniform(linear.Weight.Value, random);
                    Uniform(linear.Bias!.Value, random, -0.1, 0.1);
                    break;
                case PointwiseConv2d { Bias: { } bias }:
                    Uniform(bias.Value, random, -0.1, 0.1);
                    break;
            }
        }
    }

    public static Tensor Input(Random random, params int[] shape)
    {
        var tensor = new Tensor(shape);
        Uniform(tensor, random, -1, 1);
        return tensor;
    }

    private static void Uniform(Tensor tensor, Random random, double low, double high) => Initialization.Uniform(tensor, random, low, high);
}
