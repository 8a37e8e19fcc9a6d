using Depthwise.Onnx.Import;
using Depthwise.Tensors;

namespace Depthwise.Cli.Commands;

/// <summary>What <c>run</c> and <c>inspect</c> share: loading a model with its errors as user errors, and input shapes.</summary>
internal static class OnnxCommandSupport
{
    /// <summary>Loads the model; a bad or unsupported file is the user's input error, reported in one line.</summary>
    public static OnnxModel Load(FileInfo file, OnnxModelOptions options) => Guard(() => OnnxModel.Load(file.FullName, options));

    /// <summary>Runs an importer call, turning its documented exceptions into <see cref="InvalidDataException"/> (a user error).</summary>
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is OnnxFormatException or OnnxModelException)
        {
            throw new InvalidDataException(exception.Message, exception);
        }
    }

    /// <summary>A file-system-safe name: every character outside [A-Za-z0-9._-] becomes '_'.</summary>
    public static string SafeFileName(string name)
    {
        var characters = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray();
        return characters.Length == 0 ? "_" : new string(characters);
    }

    /// <summary>Zero inputs with the declared shapes; symbolic dims come from <paramref name="shapes"/> (by input name), batch defaults to 1.</summary>
    public static Dictionary<string, Tensor>? ZeroInputs(OnnxModel model, IReadOnlyDictionary<string, int[]> shapes)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var input in model.Inputs)
        {
            if (shapes.TryGetValue(input.Name, out var given))
            {
                inputs[input.Name] = new Tensor(given);
                continue;
            }

            if (input.Shape is null)
            {
                return null;
            }

            var dims = new int[input.Shape.Count];
            for (var d = 0; d < dims.Length; d++)
            {
                var value = input.Shape[d].Value ?? (d == 0 ? 1 : (long?)null);
                if (value is not (>= 1 and <= int.MaxValue))
                {
                    return null;
                }

                dims[d] = (int)value.Value;
            }

            inputs[input.Name] = new Tensor(dims);
        }

        return inputs;
    }

    /// <summary>Parses repeated <c>--shape N,C,H,W</c> (the only input) or <c>--shape NAME=N,C,H,W</c> values.</summary>
    public static Dictionary<string, int[]> ParseShapes(OnnxModel model, string[] arguments)
    {
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            var name = separator > 0 ? argument[..separator]
                : model.Inputs.Count == 1 ? model.Inputs[0].Name
                : throw new ArgumentException($"the model has {model.Inputs.Count} inputs; give --shape NAME=DIMS.", "--shape");
            shapes[name] = OptionParsing.PositiveList(argument[(separator + 1)..], "--shape");
        }

        return shapes;
    }
}
