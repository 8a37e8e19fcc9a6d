using System.Diagnostics;
using System.Globalization;
using Depthwise.Nn;
using Depthwise.Optim;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Training;

/// <summary>
/// Our side of the train-step benchmark: a model in training mode, softmax cross-entropy and SGD (momentum 0.9,
/// Nesterov, weight decay 5e-4 — the peer uses the same), on a fixed batch of standard-normal 1×28×28 images and
/// random labels.
/// </summary>
internal sealed class TrainStep
{
    private readonly Tensor _images;
    private readonly int[] _labels;
    private readonly CrossEntropyLoss _loss = new();
    private readonly Sgd _optimizer;

    public TrainStep(Sequential model, int batch)
    {
        Model = model;
        Model.Train();
        var random = new Random(1);
        _images = new Tensor([batch, 1, 28, 28]);
        foreach (ref var value in _images.Span)
        {
            value = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        _labels = [.. Enumerable.Range(0, batch).Select(_ => random.Next(10))];
        _optimizer = new Sgd(Model.NamedParameters().Select(pair => pair.Parameter), 0.01, new SgdOptions { Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 });
    }

    public Sequential Model { get; }

    /// <summary>Zero the gradients, forward, loss, backward, optimizer step.</summary>
    public float Run()
    {
        _optimizer.ZeroGrad();
        var logits = Model.Forward(_images);
        var (loss, gradLogits) = _loss.Compute(logits, _labels);
        Model.Backward(gradLogits, computeInputGradient: false);
        _optimizer.Step();
        return loss;
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> steps layer by layer (containers other than <see cref="Sequential"/> count as one
    /// layer) and prints each layer's fastest forward and backward milliseconds (the machine is shared: the fastest round is the least disturbed) and the managed bytes it allocated.
    /// </summary>
    public void Profile(int rounds)
    {
        var layers = new List<(string Name, Module Module)>();
        Flatten(Model, string.Empty, layers);
        var forward = layers.Select(_ => new List<double>()).ToArray();
        var backward = layers.Select(_ => new List<double>()).ToArray();
        var forwardBytes = new long[layers.Count];
        var backwardBytes = new long[layers.Count];
        var rest = new List<double>();
        for (var round = -3; round < rounds; round++)
        {
            _optimizer.ZeroGrad();
            var x = _images;
            for (var i = 0; i < layers.Count; i++)
            {
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                x = layers[i].Module.Forward(x);
                Record(round, forward[i], start, ref forwardBytes[i], bytes);
            }

            var restStart = Stopwatch.GetTimestamp();
            var (_, gradient) = _loss.Compute(x, _labels);
            var restTime = Stopwatch.GetElapsedTime(restStart).TotalMilliseconds;
            for (var i = layers.Count - 1; i >= 0; i--)
            {
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                gradient = layers[i].Module.Backward(gradient, computeInputGradient: i > 0) ?? gradient;
                Record(round, backward[i], start, ref backwardBytes[i], bytes);
            }

            restStart = Stopwatch.GetTimestamp();
            _optimizer.Step();
            if (round >= 0)
            {
                rest.Add(restTime + Stopwatch.GetElapsedTime(restStart).TotalMilliseconds);
            }
        }

        Console.WriteLine($"| layer ({Parallelism()} threads) | forward ms | backward ms | forward KB | backward KB |\n|---|---:|---:|---:|---:|");
        double totalForward = 0, totalBackward = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var (f, b) = (forward[i].Min(), backward[i].Min());
            (totalForward, totalBackward) = (totalForward + f, totalBackward + b);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {layers[i].Name} {layers[i].Module.GetType().Name} | {f:F2} | {b:F2} | {forwardBytes[i] / 1024.0 / rounds:F0} | {backwardBytes[i] / 1024.0 / rounds:F0} |"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| total (loss + optimizer {rest.Min():F2}) | {totalForward:F2} | {totalBackward:F2} | | |"));
    }

    private static int Parallelism() => Threading.Parallelism.DefaultThreadCount;

    private static void Record(int round, List<double> times, long start, ref long bytes, long bytesBefore)
    {
        if (round >= 0)
        {
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bytes += GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        }
    }

    private static void Flatten(Module module, string name, List<(string Name, Module Module)> layers)
    {
        if (module is Sequential sequential)
        {
            foreach (var (childName, child) in sequential.Children)
            {
                Flatten(child, Module.JoinName(name, childName), layers);
            }

            return;
        }

        layers.Add((name, module));
    }
}
