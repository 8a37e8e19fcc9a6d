using Depthwise.Onnx.Import.Operators;

namespace Depthwise.Onnx.Import;

/// <summary>One compiled node of the plan: which value slots it reads and writes, and which it is the last reader of.</summary>
internal sealed record PlanStep(string OpType, string Name, string Description, int[] Inputs, int[] Outputs, OperatorBody Body)
{
    /// <summary>Slots no later step reads; a run drops them after this step so intermediates do not pile up.</summary>
    public int[] Release { get; set; } = [];
}
