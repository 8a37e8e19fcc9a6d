using System.CommandLine;
using Depthwise.Cli.Commands;
using Depthwise.Cli.Output;
using Spectre.Console;

namespace Depthwise.Cli;

/// <summary>The <c>depthwise</c> command: builds the verbs and runs one, turning bad input into one clear line.</summary>
internal static class DepthwiseCli
{
    /// <summary>Exit code for input the user can fix (bad option, bad file).</summary>
    public const int BadInputExitCode = 2;

    public static int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        var root = new RootCommand("Depthwise: depthwise, pointwise and depthwise-separable convolutions in pure C#, measured and explained.")
        {
            DemoCommand.Create(console),
            CompareCommand.Create(console),
            ConvCommand.Create(console),
            BenchCommand.Create(console),
            AnimateCommand.Create(console),
            FeatureMapsCommand.Create(console),
            PlotCommand.Create(console),
            ReportCommand.Create(console),
            CostCommand.Create(console),
            ExportCommand.Create(console),
            RunCommand.Create(console),
            InspectCommand.Create(console),
            TrainCommand.Create(console),
            EvaluateCommand.Create(console),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"error: {parse.Errors[0].Message.ReplaceLineEndings(" ").Replace('\t', ' ')} (see 'depthwise {CommandPath(parse)}--help')");
            return BadInputExitCode;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = new AnsiConsoleWriter(console), Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            error.WriteLine($"error: {OneLine(exception)}");
            return BadInputExitCode;
        }
    }

    // Errors caused by what the user gave us (arguments, files); anything else is our bug and keeps its stack trace.
    private static bool IsUserError(Exception exception) =>
        exception is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException;

    // ArgumentException appends " (Parameter 'x')" to its message; our messages already name the parameter.
    private static string OneLine(Exception exception)
    {
        var message = exception is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
        return message.ReplaceLineEndings(" ");
    }

    private static string CommandPath(ParseResult parse)
    {
        var name = parse.CommandResult.Command.Name;
        return parse.CommandResult.Command is RootCommand ? string.Empty : name + " ";
    }
}
