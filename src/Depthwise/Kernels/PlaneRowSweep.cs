namespace Depthwise.Kernels;

/// <summary>
/// How the stride-1 planar kernel walks rows of one padding column each side on AVX-512 (see docs/kernels.md,
/// "Session 21: the planar row sweep per core").
/// </summary>
internal enum PlaneRowSweep
{
    /// <summary>No sweeps: four-row groups of paired registers (calls beyond the caches, other geometries).</summary>
    None,

    /// <summary>Eight rows one register column at a time, the centres carried and tap 2 made by `valignd` (Session 10).</summary>
    OneColumn,

    /// <summary>Eight rows two register columns at a time, every tap loaded (Session 11).</summary>
    TwoColumns,
}
