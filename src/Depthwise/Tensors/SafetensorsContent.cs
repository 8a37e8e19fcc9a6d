namespace Depthwise.Tensors;

/// <summary>What a safetensors file holds: named tensors, in the order of their data, and the optional string metadata.</summary>
/// <param name="Tensors">The tensors by name, in data order.</param>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when the file has none).</param>
public sealed record SafetensorsContent(
    IReadOnlyList<KeyValuePair<string, Tensor>> Tensors,
    IReadOnlyDictionary<string, string> Metadata);
