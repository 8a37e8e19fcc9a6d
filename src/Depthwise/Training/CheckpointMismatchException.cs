namespace Depthwise.Training;

/// <summary>
/// Thrown by <see cref="Checkpoint.Load"/> when a valid safetensors file does not fit the model: a tensor the model needs
/// is missing, the file has a tensor the model does not, or a tensor's shape differs.
/// </summary>
public sealed class CheckpointMismatchException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tensor">The tensor's hierarchical name.</param>
    /// <param name="field">What disagrees: <c>missing</c>, <c>unexpected</c> or <c>shape</c>.</param>
    /// <param name="detail">What was found and what was expected.</param>
    public CheckpointMismatchException(string tensor, string field, string detail)
        : base($"checkpoint tensor '{tensor}' ({field}): {detail}")
    {
        Tensor = tensor;
        Field = field;
    }

    /// <summary>The tensor's hierarchical name, e.g. <c>features.0.0.weight</c>.</summary>
    public string Tensor { get; }

    /// <summary>What disagrees: <c>missing</c>, <c>unexpected</c> or <c>shape</c>.</summary>
    public string Field { get; }
}
