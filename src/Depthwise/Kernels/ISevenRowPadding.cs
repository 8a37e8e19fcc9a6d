namespace Depthwise.Kernels;

/// <summary>
/// Which of the 17 input columns of a 5×5 stride-2 row of 7 (<see cref="Taps5x5Stride2Run"/>) are padding: tested
/// against the image one by one, or known when the type is compiled, so that the row's padding columns are a zero
/// register and its others plain loads, with no test (a row of 7 tests 8 columns per kernel row otherwise: 24 of its
/// ≈ 76 instructions).
/// </summary>
internal interface ISevenRowPadding
{
    /// <summary>Whether <see cref="Left"/> and <see cref="Right"/> hold; otherwise each edge column is tested.</summary>
    static abstract bool Known { get; }

    /// <summary>Padding columns before the image (the row's first columns).</summary>
    static abstract int Left { get; }

    /// <summary>Padding columns after the image (the row's last columns).</summary>
    static abstract int Right { get; }
}

/// <summary>The <see cref="ISevenRowPadding"/> kinds.</summary>
internal static class SevenRowPadding
{
    /// <summary>Edge columns tested against the image (runs of 14, and rows of 7 of any other geometry).</summary>
    public readonly struct Tested : ISevenRowPadding
    {
        /// <inheritdoc />
        public static bool Known => false;

        /// <inheritdoc />
        public static int Left => 0;

        /// <inheritdoc />
        public static int Right => 0;
    }

    /// <summary>A 14-pixel input row with padding 2 ("same" for 5×5 at stride 2): columns 0, 1 and 16 are padding.</summary>
    public readonly struct TwoLeftOneRight : ISevenRowPadding
    {
        /// <inheritdoc />
        public static bool Known => true;

        /// <inheritdoc />
        public static int Left => 2;

        /// <inheritdoc />
        public static int Right => 1;
    }
}
