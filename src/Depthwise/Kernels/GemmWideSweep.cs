namespace Depthwise.Kernels;

/// <summary>
/// How the tiles of one <see cref="GemmWideMicroKernel{TRows}"/> call follow each other, in elements: down the rows (a
/// column panel's row tiles: the left operand, output and per-row bias advance) or across the columns (a row tile's
/// column panels: the right operand, output and per-column bias advance).
/// </summary>
/// <param name="Left">Left operand step per tile.</param>
/// <param name="Right">Right operand step per tile.</param>
/// <param name="Output">Output step per tile.</param>
/// <param name="Bias">Bias step per tile.</param>
internal readonly record struct GemmWideSweep(nint Left, nint Right, nint Output, nint Bias);
