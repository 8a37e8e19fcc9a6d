using System.CommandLine;
using Depthwise.Data;
using Depthwise.Visualization.Report;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise report</c>: one self-contained HTML page (pictures embedded) that walks through the seed with computed
/// numbers, measured latency, and the benchmark and training plots where their result files exist.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for index.html (created if missing).", DefaultValueFactory = _ => new DirectoryInfo("report") };
        var results = new Option<DirectoryInfo>("--results") { Description = "Folder searched for bench.json, peers.json and training*.json.", DefaultValueFactory = _ => new DirectoryInfo(ReportOptions.DefaultResultsDirectory) };
        var bench = new Option<FileInfo?>("--bench") { Description = "A 'depthwise bench --json' file (default: RESULTS/bench.json if present)." };
        var peers = new Option<FileInfo?>("--peers") { Description = "A peers benchmark --json file (default: RESULTS/peers.json if present)." };
        var training = new Option<FileInfo[]>("--training") { Description = "Training metrics JSON; repeat for each model (default: RESULTS/training*.json)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Fashion-MNIST folder (default {FashionMnist.DefaultDirectory})." };
        var noLatency = new Option<bool>("--no-latency") { Description = "Do not time the convolutions (the page says how to)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads for the latency measurement (0 = all cores).", DefaultValueFactory = _ => 0 };
        var command = new Command("report", "Write one self-contained HTML page: the animation, 27 vs 9, cost tables, MobileNetV1, latency, feature maps, and benchmark/training plots.")
        {
            output, results, bench, peers, training, data, noLatency, threads,
        };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            foreach (var file in new[] { parse.GetValue(bench), parse.GetValue(peers) }.Concat(parse.GetValue(training) ?? []))
            {
                if (file is not null && !file.Exists)
                {
                    throw new FileNotFoundException($"{file.FullName} does not exist.", file.FullName);
                }
            }

            var options = new ReportOptions
            {
                ResultsDirectory = parse.GetValue(results)!.FullName,
                BenchFile = parse.GetValue(bench)?.FullName,
                PeersFile = parse.GetValue(peers)?.FullName,
                TrainingFiles = [.. (parse.GetValue(training) ?? []).Select(file => file.FullName)],
                FashionMnistDirectory = parse.GetValue(data)?.FullName,
                MeasureLatency = !parse.GetValue(noLatency),
                Threads = threadCount,
            };
            var (path, sections) = console.Status().Start("drawing and measuring…", _ => HtmlReport.Write(parse.GetValue(output)!.FullName, options));
            var table = new Table().Title($"wrote {Markup.Escape(path)}").AddColumns("section", "shown", "from / how to produce");
            foreach (var section in sections)
            {
                table.AddRow(Markup.Escape(section.Title), section.Included ? "yes" : "[yellow]no[/]", Markup.Escape(section.Note));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }
}
