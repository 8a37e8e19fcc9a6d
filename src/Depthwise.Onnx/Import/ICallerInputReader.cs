using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// A bound step (the target of its action) that can read its data input straight from the caller's tensor instead of
/// the plan's copy of it: the <see cref="ExecutionPlan"/> then skips copying a model input whose only reader it is.
/// The step only reads the tensor; nothing the caller gave is written.
/// </summary>
internal interface ICallerInputReader
{
    /// <summary>
    /// The caller's tensor to read on the next runs (of the shape the step was bound to, already validated), or null
    /// to read the plan's own buffer again.
    /// </summary>
    /// <param name="input">The tensor, or null.</param>
    void ReadFrom(Tensor? input);
}
