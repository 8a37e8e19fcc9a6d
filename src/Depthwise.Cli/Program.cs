using Depthwise.Cli;
using Spectre.Console;

return DepthwiseCli.Run(args, AnsiConsole.Console, Console.Error);
