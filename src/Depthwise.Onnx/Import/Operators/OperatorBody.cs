namespace Depthwise.Onnx.Import.Operators;

/// <summary>
/// A node compiled at load time: attributes parsed, constants prepared. Takes the node's inputs (null for an omitted
/// optional input) and returns its outputs. Holds no mutable state, so one plan runs on many threads at once.
/// </summary>
internal delegate OnnxValue[] OperatorBody(OnnxValue?[] inputs);
