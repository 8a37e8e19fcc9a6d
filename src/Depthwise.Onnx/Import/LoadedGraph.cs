namespace Depthwise.Onnx.Import;

/// <summary>The compiled plan: value slots, constant slots, steps in topological order, and the threads it runs on (resolved, ≥ 1).</summary>
internal sealed record LoadedGraph(
    int Opset,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    IReadOnlyList<PlanStep> Steps,
    int SlotCount,
    IReadOnlyDictionary<int, OnnxValue> ConstantSlots,
    int[] InputSlots,
    int[] OutputSlots,
    int Threads);
