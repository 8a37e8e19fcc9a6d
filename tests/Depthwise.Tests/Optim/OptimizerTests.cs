using Depthwise.Nn;
using Depthwise.Optim;
using Depthwise.Tensors;

namespace Depthwise.Tests.Optim;

public sealed class OptimizerTests
{
    // Lengths below, at and above a vector width, and not a multiple of it.
    public static TheoryData<int, double, double, bool, double> SgdCases => new()
    {
        { 1, 0, 0, false, 0 },
        { 7, 0.9, 0, false, 0 },
        { 16, 0.9, 0, true, 1e-2 },
        { 37, 0.5, 0.3, false, 5e-3 },
        { 100, 0.9, 0, false, 1e-4 },
    };

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void Sgd_matches_a_double_precision_loop_of_the_pytorch_update(int length, double momentum, double dampening, bool nesterov, double weightDecay)
    {
        var random = new Random(length);
        var (parameter, values) = NewParameter(length, random);
        var optimizer = new Sgd([parameter], 0.05, new SgdOptions { Momentum = momentum, Dampening = dampening, Nesterov = nesterov, WeightDecay = weightDecay });
        var buffer = (double[]?)null;
        for (var step = 0; step < 6; step++)
        {
            var gradient = RandomGradient(parameter, random);
            optimizer.LearningRate = 0.05 / (step + 1);
            optimizer.Step();

            var lr = 0.05 / (step + 1);
            var direction = new double[length];
            for (var i = 0; i < length; i++)
            {
                direction[i] = gradient[i] + (weightDecay * values[i]);
            }

            if (momentum != 0)
            {
                if (buffer is null)
                {
                    buffer = (double[])direction.Clone();
                }
                else
                {
                    for (var i = 0; i < length; i++)
                    {
                        buffer[i] = (momentum * buffer[i]) + ((1 - dampening) * direction[i]);
                    }
                }

                for (var i = 0; i < length; i++)
                {
                    direction[i] = nesterov ? direction[i] + (momentum * buffer[i]) : buffer[i];
                }
            }

            for (var i = 0; i < length; i++)
            {
                values[i] -= lr * direction[i];
            }

            AssertClose(values, parameter.Value.Span);
        }

        Assert.Equal(6, optimizer.StepCount);
    }

    public static TheoryData<int, double, double, double> AdamWCases => new()
    {
        { 1, 0.9, 0.999, 0.01 },
        { 17, 0.9, 0.999, 0 },
        { 64, 0.8, 0.99, 0.1 },
        { 129, 0, 0.5, 0.05 },
    };

    [Theory]
    [MemberData(nameof(AdamWCases))]
    public void AdamW_matches_a_double_precision_loop_with_decoupled_decay_and_bias_correction(int length, double beta1, double beta2, double weightDecay)
    {
        var random = new Random(length + 1000);
        var (parameter, values) = NewParameter(length, random);
        const double epsilon = 1e-8;
        var optimizer = new AdamW([parameter], 1e-2, new AdamWOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon, WeightDecay = weightDecay });
        var first = new double[length];
        var second = new double[length];
        for (var step = 1; step <= 8; step++)
        {
            var gradient = RandomGradient(parameter, random);
            var lr = step <= 4 ? 1e-2 : 3e-3;
            optimizer.LearningRate = lr;
            optimizer.Step();

            for (var i = 0; i < length; i++)
            {
                values[i] *= 1 - (lr * weightDecay);
                first[i] = (beta1 * first[i]) + ((1 - beta1) * gradient[i]);
                second[i] = (beta2 * second[i]) + ((1 - beta2) * gradient[i] * gradient[i]);
                var firstHat = first[i] / (1 - Math.Pow(beta1, step));
                var secondHat = second[i] / (1 - Math.Pow(beta2, step));
                values[i] -= lr * firstHat / (Math.Sqrt(secondHat) + epsilon);
            }

            AssertClose(values, parameter.Value.Span);
        }
    }

    [Fact]
    public void First_AdamW_step_moves_every_value_by_about_the_learning_rate_against_its_gradient_sign()
    {
        // Bias correction makes m̂/√v̂ = g/|g| on step 1: each value moves by lr, whatever the gradient's size.
        var parameter = new Parameter("w", Tensor.FromSpan([1f, 1f, 1f, 1f], [4]));
        parameter.AccumulateGradient(Tensor.FromSpan([1e-3f, -5f, 100f, -2e-2f], [4]));
        new AdamW([parameter], 0.1, new AdamWOptions { WeightDecay = 0 }).Step();
        Assert.Equal([0.9f, 1.1f, 0.9f, 1.1f], parameter.Value.Span.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Parameters_without_gradient_are_skipped_and_keep_their_state()
    {
        var withGradient = new Parameter("a", Tensor.FromSpan([1f, 2f], [2]));
        var without = new Parameter("b", Tensor.FromSpan([3f, 4f], [2]));
        withGradient.AccumulateGradient(Tensor.FromSpan([1f, 1f], [2]));
        var optimizer = new Sgd([withGradient, without], 0.5, new SgdOptions { WeightDecay = 0.1 });
        optimizer.Step();
        Assert.Equal([3f, 4f], without.Value.Span.ToArray());
        Assert.Equal([1f - (0.5f * 1.1f), 2f - (0.5f * 1.2f)], withGradient.Value.Span.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
        optimizer.ZeroGrad();
        Assert.Equal([0f, 0f], withGradient.Gradient!.Span.ToArray());
    }

    public static TheoryData<string> OptimizerNames => ["sgd", "sgd-nesterov", "adamw"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Optimizers_converge_on_an_ill_conditioned_quadratic(string name)
    {
        // L(p) = ½ Σ aᵢ (pᵢ − cᵢ)², minimum at c; curvatures 0.5 to 5.
        const int length = 50;
        var curvature = Enumerable.Range(0, length).Select(i => 0.5f + (4.5f * i / (length - 1))).ToArray();
        var target = Enumerable.Range(0, length).Select(i => MathF.Sin(i)).ToArray();
        var parameter = new Parameter("p", new Tensor([length]));
        Optimizer optimizer = name switch
        {
            "sgd" => new Sgd([parameter], 0.3),
            "sgd-nesterov" => new Sgd([parameter], 0.05, new SgdOptions { Momentum = 0.9, Nesterov = true }),
            _ => new AdamW([parameter], 0.05, new AdamWOptions { WeightDecay = 0 }),
        };
        var schedule = new CosineSchedule(optimizer.LearningRate, 400, optimizer.LearningRate / 100);
        for (var step = 0; step < 400; step++)
        {
            optimizer.ZeroGrad();
            var gradient = new Tensor([length]);
            for (var i = 0; i < length; i++)
            {
                gradient.Span[i] = curvature[i] * (parameter.Value.Span[i] - target[i]);
            }

            parameter.AccumulateGradient(gradient);
            optimizer.LearningRate = schedule.At(step);
            optimizer.Step();
        }

        for (var i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(parameter.Value.Span[i] - target[i]) < 1e-3, $"{name}: p[{i}] = {parameter.Value.Span[i]}, minimum at {target[i]}");
        }
    }

    [Fact]
    public void Bad_options_are_rejected_with_the_option_named()
    {
        var parameter = new Parameter("p", new Tensor([3]));
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([parameter], 0.1, new SgdOptions { Momentum = 1 })).ParamName);
        Assert.Equal("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd([parameter], 0.1, new SgdOptions { Nesterov = true })).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([parameter], 0.1, new AdamWOptions { Beta2 = 1 })).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([parameter], double.NaN));
        Assert.Throws<ArgumentException>(() => new Sgd([parameter, parameter], 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd([], 0.1));
    }

    private static (Parameter Parameter, double[] Values) NewParameter(int length, Random random)
    {
        var values = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        return (new Parameter("w", Tensor.FromSpan(values, [length])), values.Select(v => (double)v).ToArray());
    }

    private static double[] RandomGradient(Parameter parameter, Random random)
    {
        var gradient = Enumerable.Range(0, parameter.Length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        parameter.Gradient?.Span.Clear();
        parameter.AccumulateGradient(Tensor.FromSpan(gradient, [parameter.Length]));
        return gradient.Select(g => (double)g).ToArray();
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"value {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
