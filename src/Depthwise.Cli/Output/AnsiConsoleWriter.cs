using System.Text;
using Spectre.Console;

namespace Depthwise.Cli.Output;

/// <summary>Lets System.CommandLine's help text go to the same console the verbs print to (tests capture it).</summary>
internal sealed class AnsiConsoleWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Profile.Out.Writer.Write(value);

    public override void Write(string? value) => console.Profile.Out.Writer.Write(value);
}
