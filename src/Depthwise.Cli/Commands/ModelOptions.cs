using System.CommandLine;
using Depthwise.Models;

namespace Depthwise.Cli.Commands;

/// <summary>The options <c>cost</c> and <c>export</c> share: which MobileNet, how wide, at what input size.</summary>
internal static class ModelOptions
{
    // Past this the per-layer byte counts approach a long's range and the tensors could not be allocated anyway.
    private const int MaximumResolution = 8192;

    public static Option<string> Model()
    {
        var option = new Option<string>("--model") { Description = "Network: " + string.Join(", ", ModelCatalog.Names) + ".", Required = true };
        option.AcceptOnlyFromAmong([.. ModelCatalog.Names]);
        return option;
    }

    public static Option<double> Width() =>
        new("--width") { Description = "Width multiplier α (the papers use 0.25–1.4).", DefaultValueFactory = _ => 1.0 };

    public static Option<int> Resolution() =>
        new("--resolution") { Description = "Input height and width ρ (the papers use 96–224).", DefaultValueFactory = _ => 224 };

    public static double CheckWidth(double width) => width > 0 && width <= 4
        ? width
        : throw new ArgumentException($"--width is {width}: expected a multiplier in (0, 4], e.g. 1, 0.75, 0.5 or 0.35.", "--width");

    public static int CheckResolution(int resolution) => resolution is >= 1 and <= MaximumResolution
        ? resolution
        : throw new ArgumentException($"--resolution is {resolution}: expected an input size from 1 to {MaximumResolution}, e.g. 224.", "--resolution");
}
