using Depthwise.Nn;
using Depthwise.Tensors;

namespace Depthwise.Training;

/// <summary>
/// Saves and loads a model's state — every parameter and buffer (batch normalization's running statistics) under its
/// hierarchical PyTorch-style name — as a safetensors file, so <c>safetensors.torch.load_file</c> reads it as a state dict.
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes every parameter and buffer of <paramref name="model"/> atomically (temporary file, then a move).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="metadata">Optional string pairs stored in the file (model name, epoch, accuracy, …).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(Module model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        SafetensorsFile.Write(path, State(model), metadata);
    }

    /// <summary>
    /// Loads every parameter and buffer of <paramref name="model"/> from a file written by <see cref="Save"/> (or by
    /// PyTorch for the same architecture). The model changes only when the whole file fits it.
    /// </summary>
    /// <param name="model">The model whose state is replaced.</param>
    /// <param name="path">The safetensors file.</param>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors with F32 tensors.</exception>
    /// <exception cref="CheckpointMismatchException">A tensor is missing, unexpected, or has another shape than the model's.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> Load(Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var content = SafetensorsFile.Read(path);
        var stored = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in content.Tensors)
        {
            stored.Add(name, tensor);
        }

        var targets = State(model).ToList();
        foreach (var (name, target) in targets)
        {
            if (!stored.TryGetValue(name, out var tensor))
            {
                throw new CheckpointMismatchException(name, "missing", $"{path} has no tensor of this name; the model needs {Tensor.FormatShape(target.Shape)}.");
            }

            if (!tensor.Shape.SequenceEqual(target.Shape))
            {
                throw new CheckpointMismatchException(name, "shape", $"{path} stores {Tensor.FormatShape(tensor.Shape)}; the model needs {Tensor.FormatShape(target.Shape)}.");
            }
        }

        var expected = targets.Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, tensor) in content.Tensors)
        {
            if (!expected.Contains(name))
            {
                throw new CheckpointMismatchException(name, "unexpected", $"{path} stores {Tensor.FormatShape(tensor.Shape)} but the model has no parameter or buffer of this name.");
            }
        }

        foreach (var (name, target) in targets)
        {
            stored[name].Span.CopyTo(target.Span);
        }

        return content.Metadata;
    }

    /// <summary>Reads only the metadata of a checkpoint (the tensors are checked and read too: the file must be valid).</summary>
    /// <param name="path">The safetensors file.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors with F32 tensors.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => SafetensorsFile.Read(path).Metadata;

    // Parameters then buffers, each in module order: the tensors whose storage the model reads.
    private static IEnumerable<KeyValuePair<string, Tensor>> State(Module model)
    {
        foreach (var (name, parameter) in model.NamedParameters())
        {
            yield return new(name, parameter.Value);
        }

        foreach (var (name, buffer) in model.NamedBuffers())
        {
            yield return new(name, buffer);
        }
    }
}
