using Depthwise.Onnx.Import.Operators;
using Depthwise.Operators;

namespace Depthwise.Onnx.Import;

/// <summary>One compiled node of the plan: which value slots it reads and writes, and which it is the last reader of.</summary>
internal sealed record PlanStep(string OpType, string Name, string Description, int[] Inputs, int[] Outputs, OperatorBody Body)
{
    /// <summary>Slots no later step reads; a run drops them after this step so intermediates do not pile up.</summary>
    public int[] Release { get; set; } = [];

    /// <summary>Binds the step to fixed buffers for an <see cref="ExecutionPlan"/>; null when only <see cref="Body"/> runs it.</summary>
    public StepBinder? Binder { get; init; }

    /// <summary>The bound kernel may write its output over an input of the same length (elementwise, same start).</summary>
    public bool InPlace { get; init; }

    /// <summary>For Conv steps: groups and options (stride, dilation, padding, fused activation), for reporting.</summary>
    public (int Groups, Conv2dOptions Options)? Convolution { get; init; }

    /// <summary>
    /// For fused convolution chains (SeparableConv, InvertedResidual): each Conv's node name, the input index of its
    /// weights (its bias follows), groups (0: one per input channel) and options, in order, for reporting.
    /// </summary>
    public (string Name, int WeightsInput, int Groups, Conv2dOptions Options)[]? FusedConvolutions { get; init; }

    /// <summary>For Gemm and MatMul nodes, whether A and B are transposed (MatMul: never), so the cost table can size them.</summary>
    public (bool TransposeA, bool TransposeB)? MatrixProduct { get; init; }
}
