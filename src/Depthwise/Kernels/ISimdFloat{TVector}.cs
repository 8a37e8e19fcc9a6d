namespace Depthwise.Kernels;

/// <summary>
/// The handful of float operations a kernel needs, at one vector width. A kernel written once, generic over
/// <typeparamref name="TVector"/> and a struct implementing this interface, is compiled by the JIT into one
/// specialised, fully inlined copy per width (Vector512, Vector256, Vector128 and plain float), so the width is
/// chosen once by <see cref="SimdWidth"/> instead of by <c>if</c> chains inside every loop.
/// </summary>
/// <remarks>
/// In the channel-blocked depthwise layout one register holds one pixel of <see cref="Count"/> channels (a "block"),
/// so the two transposes below are the layout conversions between planar (NCHW) data and blocks.
/// </remarks>
/// <typeparam name="TVector">The register type: <c>Vector512&lt;float&gt;</c>, …, or <see cref="float"/>.</typeparam>
internal unsafe interface ISimdFloat<TVector>
    where TVector : struct
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(float* source);

    /// <summary>Loads from managed memory (kernels that walk spans with <c>ref</c> rather than pinned pointers).</summary>
    static abstract TVector Load(ref float source);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    static abstract void Store(TVector value, float* destination);

    /// <summary>Stores to managed memory.</summary>
    static abstract void Store(TVector value, ref float destination);

    /// <summary>left · right + addend with a single rounding on every tier, so all widths give the same bits.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Activate<TActivation>(TVector value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>;

    /// <summary>
    /// Lane i of the result is lane <c>indices[i]</c> of <paramref name="low"/> when that index is below
    /// <see cref="Count"/>, else lane <c>indices[i] − Count</c> of <paramref name="high"/>: how a block of M·lanes
    /// output channels picks its input channels (c·M + m reads c) from at most two input registers.
    /// </summary>
    static abstract TVector Permute(TVector low, TVector high, int* indices);

    /// <summary>
    /// Lanes 0, 2, 4, … of <paramref name="low"/> followed by those of <paramref name="high"/>: the even elements of the
    /// pair read as one vector of twice the width (a stride-2 row split into its even columns).
    /// </summary>
    static abstract TVector EvenLanes(TVector low, TVector high);

    /// <summary>Lanes 1, 3, 5, … of <paramref name="low"/> followed by those of <paramref name="high"/>.</summary>
    static abstract TVector OddLanes(TVector low, TVector high);

    /// <summary>A mask for <see cref="LoadMasked"/>: lanes [<paramref name="first"/>, <paramref name="end"/>) set (all bits), the others clear.</summary>
    static abstract TVector LaneMask(int first, int end);

    /// <summary>
    /// The lanes of the register at <paramref name="source"/> that <paramref name="mask"/> sets, zeros in the others;
    /// memory under the other lanes is not touched (it may lie outside the tensor), so a window reaching past either end
    /// of a row reads the row's pixels and zero padding.
    /// </summary>
    static abstract TVector LoadMasked(float* source, TVector mask);

    /// <summary>Lanes moved up by one, zero in lane 0: [0, v0, …, v(n−2)].</summary>
    static abstract TVector ShiftUp(TVector value);

    /// <summary>Lanes moved down by one, zero in the last lane: [v1, …, v(n−1), 0].</summary>
    static abstract TVector ShiftDown(TVector value);

    /// <summary>
    /// Lanes moved down by one, <paramref name="fill"/> in the last lane: [v1, …, v(n−1), fill], with
    /// <paramref name="fill"/> given in every lane (a broadcast).
    /// </summary>
    static abstract TVector ShiftDown(TVector value, TVector fill);

    /// <summary>Stores the first <paramref name="count"/> lanes (1 ≤ count ≤ <see cref="Count"/>); memory past them is not touched.</summary>
    static abstract void StoreFirst(TVector value, float* destination, int count);

    /// <summary>
    /// Planar → blocked for one square tile: reads <see cref="Count"/> floats at <c>rows[i] + offset</c> for every lane
    /// i (row i = one channel's plane, Count consecutive pixels) and writes pixel p's Count channels to
    /// <c>destination + p·Count</c>.
    /// </summary>
    static abstract void TransposeToBlocks(float** rows, nint offset, float* destination);

    /// <summary>
    /// Blocked → planar for eight pixels: lane i of <paramref name="pixel0"/> … <paramref name="pixel7"/> (channel i of
    /// eight consecutive pixels) goes to <c>planes[i] + offset</c> … <c>+ 7</c>, for the first <paramref name="lanes"/>
    /// lanes only (a partial channel block) and the first <paramref name="count"/> pixels only (a row narrower than 8).
    /// </summary>
    static abstract void StorePlanes(
        TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7, float** planes, nint offset, int lanes, int count);
}
