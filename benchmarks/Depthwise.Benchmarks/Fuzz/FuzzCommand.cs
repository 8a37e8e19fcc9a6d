using System.Diagnostics;
using System.Globalization;
using Depthwise.Models;
using Depthwise.Onnx.Export;
using Depthwise.Onnx.Import;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Fuzz;

/// <summary>
/// <c>fuzz [--seconds S] [--cases N] [--seed K] [--models DIR] [--timeout S] [--max-allocation-mib M] [--save-failures DIR]</c>:
/// the long-running counterpart of the importer's fuzz tests. Mutates our exported MobileNets and every <c>.onnx</c> under
/// <c>--models</c> (default: the PaddleOCR test models in <c>.cache/test-models</c>, when fetched), loads and runs each mutant,
/// and fails on anything but success or our two documented exceptions — and on a hang or a huge allocation.
/// </summary>
internal static class FuzzCommand
{
    private static readonly OnnxModelOptions SingleThread = new() { Threads = 1 };

    public static int Run(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var maximumCases = long.Parse(Option(args, "--cases") ?? long.MaxValue.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture));
        var timeout = TimeSpan.FromSeconds(double.Parse(Option(args, "--timeout") ?? "60", CultureInfo.InvariantCulture));
        var maximumAllocation = long.Parse(Option(args, "--max-allocation-mib") ?? "3072", CultureInfo.InvariantCulture) << 20;
        var saveFailures = Option(args, "--save-failures");
        var seeds = Seeds(Option(args, "--models") ?? Path.Combine(".cache", "test-models"));

        var outcomes = new Dictionary<string, long>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        long cases = 0;
        while (clock.Elapsed.TotalSeconds < seconds && cases < maximumCases)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var (bytes, description) = ModelMutator.Mutate(seed.Bytes, random);
            var (outcome, allocated) = RunCase(bytes, seed.Inputs, timeout);
            cases++;
            if (outcome is "hang" || outcome.StartsWith("unexpected", StringComparison.Ordinal) || allocated > maximumAllocation)
            {
                failures++;
                Console.WriteLine($"FAIL {seed.Name}, {description}: {outcome}, {allocated >> 20} MiB allocated");
                if (saveFailures is not null)
                {
                    Directory.CreateDirectory(saveFailures);
                    File.WriteAllBytes(Path.Combine(saveFailures, $"failure-{cases}.onnx"), bytes);
                }

                if (outcome is "hang")
                {
                    // The hung case still holds its thread; nothing after it would be measured fairly.
                    break;
                }
            }

            var kind = outcome.Split(':')[0];
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {cases} cases in {clock.Elapsed.TotalSeconds:F0} s over {seeds.Count} seed models, {failures} failures"));
        foreach (var (kind, count) in outcomes.OrderByDescending(pair => pair.Value))
        {
            Console.WriteLine($"  {kind}: {count}");
        }

        return failures == 0 ? 0 : 1;
    }

    private static (string Outcome, long AllocatedBytes) RunCase(byte[] bytes, IReadOnlyDictionary<string, Tensor>? inputs, TimeSpan timeout)
    {
        long allocated = 0;
        var task = Task.Factory.StartNew(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var model = OnnxModel.Load(bytes, SingleThread);
                    if (inputs is not null)
                    {
                        model.Run(inputs);
                    }

                    return inputs is null ? "loaded" : "ran";
                }
                catch (OnnxFormatException)
                {
                    return "format error";
                }
                catch (OnnxModelException)
                {
                    return "model error";
                }
                catch (Exception exception)
                {
                    return $"unexpected: {exception.GetType().Name}: {exception.Message}";
                }
                finally
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            },
            TaskCreationOptions.LongRunning);
        return task.Wait(timeout) ? (task.Result, allocated) : ("hang", allocated);
    }

    private static List<FuzzSeed> Seeds(string modelsDirectory)
    {
        var seeds = new List<FuzzSeed>();
        foreach (var name in ModelCatalog.Names)
        {
            // Small widths, resolution and class count keep a run short while every block type stays in the graph.
            var network = ModelCatalog.Create(name, new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 1 }).Eval();
            seeds.Add(FuzzSeed.FromBytes(name, OnnxExporter.ExportBytes(network, [1, 3, 64, 64])));
        }

        if (Directory.Exists(modelsDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(modelsDirectory, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                seeds.Add(FuzzSeed.FromBytes(Path.GetFileName(path), File.ReadAllBytes(path)));
            }
        }

        Console.WriteLine($"fuzz seeds: {string.Join(", ", seeds.Select(seed => seed.Inputs is null ? seed.Name + " (load only)" : seed.Name))}");
        return seeds;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
