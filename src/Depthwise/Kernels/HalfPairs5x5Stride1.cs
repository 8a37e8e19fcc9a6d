using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// A 5×5 stride-1 kernel row of a half block's 7 pixel pairs (<see cref="IHalfBlockPairTaps"/>): 11 paired input columns,
/// each loaded once and fed to every pair that reads it, 35 FMAs where 8-lane registers would take 70.
/// </summary>
internal readonly unsafe struct HalfPairs5x5Stride1 : IHalfBlockPairTaps
{
    /// <inheritdoc />
    public static int KernelSize => 5;

    /// <inheritdoc />
    public static int Stride => 1;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KernelRow<TEnds>(
        float* row,
        int lowerColumn,
        int upperColumn,
        int width,
        float* weights,
        ref Vector512<float> accumulator0,
        ref Vector512<float> accumulator1,
        ref Vector512<float> accumulator2,
        ref Vector512<float> accumulator3,
        ref Vector512<float> accumulator4,
        ref Vector512<float> accumulator5,
        ref Vector512<float> accumulator6)
        where TEnds : struct, IPaddedEnds
    {
        var lower = row + (lowerColumn * HalfBlockPairs.Lanes);
        var upper = row + (upperColumn * HalfBlockPairs.Lanes);
        var weight0 = Vector512.Load(weights);
        var weight1 = Vector512.Load(weights + (1 * HalfBlockPairs.Lanes));
        var weight2 = Vector512.Load(weights + (2 * HalfBlockPairs.Lanes));
        var weight3 = Vector512.Load(weights + (3 * HalfBlockPairs.Lanes));
        var weight4 = Vector512.Load(weights + (4 * HalfBlockPairs.Lanes));
        var pair0 = HalfBlockPairs.Pair<TEnds>(lower, upper, 0, lowerColumn, upperColumn, width, true, false);
        accumulator0 = Vector512.FusedMultiplyAdd(pair0, weight0, accumulator0);
        var pair1 = HalfBlockPairs.Pair<TEnds>(lower, upper, 1, lowerColumn, upperColumn, width, true, false);
        accumulator0 = Vector512.FusedMultiplyAdd(pair1, weight1, accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(pair1, weight0, accumulator1);
        var pair2 = HalfBlockPairs.Pair<TEnds>(lower, upper, 2, lowerColumn, upperColumn, width, true, false);
        accumulator0 = Vector512.FusedMultiplyAdd(pair2, weight2, accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(pair2, weight1, accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(pair2, weight0, accumulator2);
        var pair3 = HalfBlockPairs.Pair<TEnds>(lower, upper, 3, lowerColumn, upperColumn, width, true, false);
        accumulator0 = Vector512.FusedMultiplyAdd(pair3, weight3, accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(pair3, weight2, accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(pair3, weight1, accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(pair3, weight0, accumulator3);
        var pair4 = HalfBlockPairs.Pair<TEnds>(lower, upper, 4, lowerColumn, upperColumn, width, false, false);
        accumulator0 = Vector512.FusedMultiplyAdd(pair4, weight4, accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(pair4, weight3, accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(pair4, weight2, accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(pair4, weight1, accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(pair4, weight0, accumulator4);
        var pair5 = HalfBlockPairs.Pair<TEnds>(lower, upper, 5, lowerColumn, upperColumn, width, false, false);
        accumulator1 = Vector512.FusedMultiplyAdd(pair5, weight4, accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(pair5, weight3, accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(pair5, weight2, accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(pair5, weight1, accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(pair5, weight0, accumulator5);
        var pair6 = HalfBlockPairs.Pair<TEnds>(lower, upper, 6, lowerColumn, upperColumn, width, false, false);
        accumulator2 = Vector512.FusedMultiplyAdd(pair6, weight4, accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(pair6, weight3, accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(pair6, weight2, accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(pair6, weight1, accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(pair6, weight0, accumulator6);
        var pair7 = HalfBlockPairs.Pair<TEnds>(lower, upper, 7, lowerColumn, upperColumn, width, false, true);
        accumulator3 = Vector512.FusedMultiplyAdd(pair7, weight4, accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(pair7, weight3, accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(pair7, weight2, accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(pair7, weight1, accumulator6);
        var pair8 = HalfBlockPairs.Pair<TEnds>(lower, upper, 8, lowerColumn, upperColumn, width, false, true);
        accumulator4 = Vector512.FusedMultiplyAdd(pair8, weight4, accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(pair8, weight3, accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(pair8, weight2, accumulator6);
        var pair9 = HalfBlockPairs.Pair<TEnds>(lower, upper, 9, lowerColumn, upperColumn, width, false, true);
        accumulator5 = Vector512.FusedMultiplyAdd(pair9, weight4, accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(pair9, weight3, accumulator6);
        var pair10 = HalfBlockPairs.Pair<TEnds>(lower, upper, 10, lowerColumn, upperColumn, width, false, true);
        accumulator6 = Vector512.FusedMultiplyAdd(pair10, weight4, accumulator6);
    }
}
