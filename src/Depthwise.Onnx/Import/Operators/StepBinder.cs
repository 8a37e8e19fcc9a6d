namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// Binds a node to the fixed values of an execution plan: given its inputs (null for an omitted optional input), which
/// of them are constant for every run of the plan (weights, shapes, scales), and output values whose buffers the plan
/// owns (shapes as the node computes them for these inputs), returns an action that recomputes the outputs in place
/// from the inputs' current contents and allocates nothing — or null when it does not handle this form, and the node's
/// <see cref="OperatorBody"/> runs instead. Inputs and outputs never share buffers.
/// </summary>
internal delegate Action? StepBinder(OnnxValue?[] inputs, bool[] constant, OnnxValue[] outputs);
