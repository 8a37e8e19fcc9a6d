using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The permutes that turn two padded row registers into the three tap registers (kx = 0, 1, 2) of a pair of output
/// rows: lane x reads padded column stride·x + kx of the upper row, lane 8 + x the same column of the lower one.
/// </summary>
internal readonly struct PairOrders(Vector512<int> column0, Vector512<int> column1, Vector512<int> column2)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2) Window(Vector512<float> upper, Vector512<float> lower) =>
        (Avx512F.PermuteVar16x32x2(upper, column0, lower), Avx512F.PermuteVar16x32x2(upper, column1, lower), Avx512F.PermuteVar16x32x2(upper, column2, lower));
}
