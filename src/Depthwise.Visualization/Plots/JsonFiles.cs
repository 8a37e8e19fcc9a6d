using System.Text.Json;

namespace Depthwise.Visualization.Plots;

/// <summary>Reads the JSON result files the plots draw, turning every parse problem into one clear message.</summary>
internal static class JsonFiles
{
    public static T Read<T>(string path, string expected)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist; expected {expected}.", path);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} holds null; expected {expected}.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not {expected}: {exception.Message}", exception);
        }
    }
}
