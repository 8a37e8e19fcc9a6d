using System.CommandLine;
using System.Globalization;
using Depthwise.Cli.Output;
using Depthwise.Diagnostics;
using Depthwise.Onnx.Import;
using Depthwise.Tensors;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise run</c>: runs an ONNX model on .npy inputs and writes its outputs as .npy; with <c>--repeat</c>,
/// also times it.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "The .onnx file." };
        var input = new Option<string[]>("--input") { Description = "Input .npy (float32); repeat as NAME=PATH for models with several inputs.", Required = true, AllowMultipleArgumentsPerToken = false };
        var inputName = new Option<string?>("--input-name") { Description = "Model input the single --input feeds (default: the model's only input)." };
        var output = new Option<FileInfo?>("--output") { Description = "Output .npy for a model with one output." };
        var outputDirectory = new Option<DirectoryInfo?>("--output-dir") { Description = "Folder for one NAME.npy per model output (NAME sanitized to [A-Za-z0-9._-])." };
        var threads = new Option<int>("--threads") { Description = "Worker threads for convolutions (0 = all cores).", DefaultValueFactory = _ => 0 };
        var repeat = new Option<int>("--repeat") { Description = "Time this many runs (after a warm-up) and print latency statistics.", DefaultValueFactory = _ => 0 };
        var command = new Command("run", "Run an ONNX model on .npy inputs and write its outputs as .npy.")
        {
            model, input, inputName, output, outputDirectory, threads, repeat,
        };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            var repeats = parse.GetValue(repeat);
            OptionParsing.RequireNonNegative(repeats, "--repeat");
            var outputFile = parse.GetValue(output);
            var folder = parse.GetValue(outputDirectory);
            if ((outputFile is null) == (folder is null))
            {
                throw new ArgumentException("give exactly one of --output FILE.npy and --output-dir DIR.", "--output");
            }

            var loaded = OnnxCommandSupport.Load(parse.GetRequiredValue(model), new OnnxModelOptions { Threads = threadCount });
            var inputs = ReadInputs(loaded, parse.GetRequiredValue(input), parse.GetValue(inputName));
            var outputs = OnnxCommandSupport.Guard(() => loaded.Run(inputs));
            if (outputFile is not null)
            {
                if (outputs.Count != 1)
                {
                    throw new ArgumentException($"the model has {outputs.Count} outputs ({string.Join(", ", outputs.Keys)}); use --output-dir.", "--output");
                }

                NpyFile.Write(outputFile.FullName, outputs.Values.Single());
                console.MarkupLine(Markup.Escape($"wrote {outputFile.Name}: {outputs.Keys.Single()} {Tensor.FormatShape(outputs.Values.Single().Shape)}"));
            }
            else
            {
                Directory.CreateDirectory(folder!.FullName);
                foreach (var (name, tensor) in outputs)
                {
                    var file = Path.Combine(folder.FullName, OnnxCommandSupport.SafeFileName(name) + ".npy");
                    NpyFile.Write(file, tensor);
                    console.MarkupLine(Markup.Escape($"wrote {Path.GetFileName(file)}: {name} {Tensor.FormatShape(tensor.Shape)}"));
                }
            }

            if (repeats > 0)
            {
                var statistics = LatencyMeter.Measure(() => loaded.Run(inputs), measureTime: TimeSpan.Zero, minimumSamples: repeats);
                console.MarkupLine(Markup.Escape(string.Create(
                    CultureInfo.InvariantCulture,
                    $"latency over {statistics.Samples} runs ({(threadCount == 0 ? "all cores" : threadCount + " threads")}): median {Formatting.Milliseconds(statistics.Median)} ms, mean {Formatting.Milliseconds(statistics.Mean)} ms ± {Formatting.Milliseconds(statistics.StandardDeviation)}, min {Formatting.Milliseconds(statistics.Min)} ms, p95 {Formatting.Milliseconds(statistics.P95)} ms")));
            }

            return 0;
        });
        return command;
    }

    private static Dictionary<string, Tensor> ReadInputs(OnnxModel model, string[] arguments, string? inputName)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            string name, path;
            if (separator > 0 && !File.Exists(argument))
            {
                (name, path) = (argument[..separator], argument[(separator + 1)..]);
            }
            else
            {
                name = inputName ?? (model.Inputs.Count == 1
                    ? model.Inputs[0].Name
                    : throw new ArgumentException($"the model has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs.Select(i => i.Name))}); give --input NAME=PATH or --input-name.", "--input"));
                path = argument;
            }

            if (!inputs.TryAdd(name, NpyFile.Read(path)))
            {
                throw new ArgumentException($"input '{name}' is given twice.", "--input");
            }
        }

        return inputs;
    }
}
