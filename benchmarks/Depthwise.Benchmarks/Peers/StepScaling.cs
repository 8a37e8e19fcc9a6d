using System.Diagnostics;
using Depthwise.Onnx.Import;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// How each step of a model scales from one thread to <c>threads</c>, measured in one process: a one-thread and a
/// <c>threads</c>-thread model of the same bytes take turns, round by round, each round profiling every step
/// (<see cref="OnnxModel.ProfileSteps"/>) and timing whole runs; each step keeps its fastest time over all rounds and
/// each model its whole-run percentiles. Taking turns puts both models in the same stretches of the machine, and the
/// fastest of many runs are what a busy machine disturbs least, so the losses against a perfect split (one-thread time
/// / threads) are less disturbed than two profiles in separate processes; at a load above the CPU count they still
/// swing (the sum of steps read × 1.80 and × 1.38 a few minutes apart at load 6–10), so read them in quiet moments.
/// </summary>
internal static class StepScaling
{
    private const int Rounds = 12;
    private const int ProfiledRunsPerRound = 20;
    private const int WholeRunsPerRound = 40;

    /// <summary>Prints each step's one-thread and <paramref name="threads"/>-thread fastest time, their ratio and the loss against a perfect split, then both models' whole runs.</summary>
    public static void Print(byte[] model, IReadOnlyDictionary<string, Tensor> inputs, OnnxModel parallel, int threads)
    {
        var single = OnnxModel.Load(model, new OnnxModelOptions { Threads = 1 });
        OnnxModel[] models = [single, parallel];
        var outputs = models.Select(m => OutputTensors(m, inputs)).ToArray();
        var fastest = new double[2][];
        var whole = new List<double>[] { [], [] };
        IReadOnlyList<string> names = [];
        for (var round = 0; round < Rounds; round++)
        {
            for (var m = 0; m < models.Length; m++)
            {
                var steps = models[m].ProfileSteps(inputs, ProfiledRunsPerRound);
                names = [.. steps.Select(s => s.Name)];
                fastest[m] ??= Enumerable.Repeat(double.MaxValue, steps.Count).ToArray();
                for (var i = 0; i < steps.Count; i++)
                {
                    fastest[m][i] = Math.Min(fastest[m][i], steps[i].Microseconds);
                }

                for (var run = 0; run < WholeRunsPerRound; run++)
                {
                    var start = Stopwatch.GetTimestamp();
                    models[m].Run(inputs, outputs[m]);
                    whole[m].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }
        }

        Console.Error.WriteLine($"  one thread against {threads}, alternated in one process ({Rounds} rounds; each step's fastest of {Rounds * ProfiledRunsPerRound} runs):");
        for (var i = 0; i < names.Count; i++)
        {
            Console.Error.WriteLine($"    {names[i],-44} {fastest[0][i],8:F1} {fastest[1][i],8:F1} µs  × {fastest[0][i] / fastest[1][i],4:F2}  loss {fastest[1][i] - (fastest[0][i] / threads),6:F1} µs");
        }

        var (sumSingle, sumParallel) = (fastest[0].Sum(), fastest[1].Sum());
        Console.Error.WriteLine($"    {"sum of steps",-44} {sumSingle,8:F0} {sumParallel,8:F0} µs  × {sumSingle / sumParallel,4:F2}  loss {sumParallel - (sumSingle / threads),6:F0} µs");
        for (var m = 0; m < models.Length; m++)
        {
            var times = whole[m].Order().ToArray();
            var sum = m == 0 ? sumSingle : sumParallel;
            Console.Error.WriteLine(
                $"    whole runs, {(m == 0 ? 1 : threads)} thread(s): min {times[0]:F0} (sum of steps + {times[0] - sum:F0}), p10 {times[times.Length / 10]:F0}, median {times[times.Length / 2]:F0} µs");
        }
    }

    /// <summary>A tensor for each output of <paramref name="model"/>, shaped as one run gives them, for <c>Run(inputs, outputs)</c>.</summary>
    public static Dictionary<string, Tensor> OutputTensors(OnnxModel model, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in model.Run(inputs))
        {
            outputs[name] = new Tensor(value.ShapeArray());
        }

        return outputs;
    }
}
