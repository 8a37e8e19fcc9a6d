using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Depthwise.Tests.Infrastructure;

/// <summary>
/// Re-runs the tests of one trait category of this (already built) test assembly in a child <c>dotnet test</c>
/// process whose runtime has an instruction set switched off, so every ISA tier of a kernel is tested on one machine
/// (the idea of ImageSharp's FeatureTestRunner). Any kernel test marked <c>[Trait("Category", "Kernel")]</c> is picked up.
/// </summary>
public static partial class IsaTierRunner
{
    /// <summary>
    /// The fallback tiers and the runtime switches (each set to 0) that force them: no AVX-512 (so Vector256 is the
    /// widest), no AVX2 (no Vector256, no FMA instruction), no hardware intrinsics at all (scalar).
    /// .NET 10 renamed <c>DOTNET_EnableAVX512F</c> to <c>DOTNET_EnableAVX512</c> and ignores the old name (measured:
    /// with only the old one, Vector512 stays accelerated), so the AVX-512 tier sets both to work on every runtime.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Tiers = new Dictionary<string, string[]>
    {
        ["NoAvx512"] = ["DOTNET_EnableAVX512F", "DOTNET_EnableAVX512"],
        ["NoAvx2"] = ["DOTNET_EnableAVX2"],
        ["NoSimd"] = ["DOTNET_EnableHWIntrinsic"],
    };

    /// <summary>
    /// Runs <c>dotnet test &lt;this assembly&gt; --filter Category=<paramref name="category"/></c> with every one of
    /// <paramref name="switchedOff"/> set to 0 and waits for it (no rebuild: the assembly on disk is reused).
    /// </summary>
    /// <param name="category">Trait value to filter on; must not include the test calling this (no recursion).</param>
    /// <param name="switchedOff">Runtime switches such as <c>DOTNET_EnableAVX2</c>, each set to 0 in the child.</param>
    /// <param name="timeout">Kill the child (and its test host) after this long.</param>
    /// <returns>The exit code, the counts parsed from the summary line, and the whole output for failure messages.</returns>
    public static IsaTierResult Run(string category, IEnumerable<string> switchedOff, TimeSpan timeout)
    {
        var assembly = typeof(IsaTierRunner).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var startInfo = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", assembly, "--filter", $"Category={category}", "--nologo" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in switchedOff)
        {
            startInfo.Environment[name] = "0";
        }

        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new IsaTierResult(-1, 0, 0, 0, $"timed out after {timeout}:\n{Text(output)}");
        }

        process.WaitForExit();
        var text = Text(output);
        var summary = SummaryLine().Match(text);
        return summary.Success
            ? new IsaTierResult(process.ExitCode, Count(summary, "passed"), Count(summary, "failed"), Count(summary, "total"), text)
            : new IsaTierResult(process.ExitCode, 0, 0, 0, text);
    }

    // vstest's summary: "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42, Duration: ..."
    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+\d+,\s+Total:\s+(?<total>\d+)")]
    private static partial Regex SummaryLine();

    private static int Count(Match summary, string group) => int.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
