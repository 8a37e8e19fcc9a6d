using Depthwise.Cost;

namespace Depthwise.Onnx.Import;

/// <summary>One Gemm or MatMul node as it ran: <c>Batch</c> products of (Rows × Inner) by (Inner × Columns).</summary>
/// <param name="NodeName">The node's name (may be empty).</param>
/// <param name="OpType"><c>Gemm</c> or <c>MatMul</c>.</param>
/// <param name="Batch">Number of matrix products (MatMul's broadcast leading dimensions; 1 for Gemm).</param>
/// <param name="Rows">M: rows of A (after transA).</param>
/// <param name="Inner">K: the summed dimension.</param>
/// <param name="Columns">N: columns of B (after transB).</param>
/// <param name="Cost">Parameters (B and C when they are constants), multiply-adds <c>Batch·M·K·N</c>, bytes moved.</param>
public sealed record OnnxMatrixProductLayer(string NodeName, string OpType, long Batch, int Rows, int Inner, int Columns, OpCost Cost);
