using Depthwise.Cli;
using Spectre.Console;

namespace Depthwise.Tests.Cli;

/// <summary>Runs the real <c>depthwise</c> command in-process with its console and error stream captured.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var exitCode = DepthwiseCli.Run(args, console, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
