namespace Depthwise.Kernels;

/// <summary>
/// A small count known when the JIT compiles a generic kernel (the rows or vectors of a GEMM tile). A struct
/// implementing this is a type argument, so <c>if (TRows.Value &gt; 3)</c> is folded away and each tile shape
/// gets its own straight-line code with only the accumulators it uses.
/// </summary>
internal interface IGemmCount
{
    /// <summary>The count.</summary>
    static abstract int Value { get; }
}
