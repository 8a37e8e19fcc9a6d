namespace Depthwise.Kernels;

/// <summary>
/// The <see cref="IPaddedEnds"/> cases: a span inside the image, at its start, at its end, or both (a 14-pixel row is
/// one run with padding on either side; a plane's top and bottom four-row groups each have one padding row).
/// </summary>
internal static class PaddedEnds
{
    /// <summary>Input on both sides: an interior group, a middle run.</summary>
    public readonly struct None : IPaddedEnds
    {
        /// <inheritdoc />
        public static bool PaddedFirst => false;

        /// <inheritdoc />
        public static bool PaddedLast => false;
    }

    /// <summary>Padding before the span: the top group of a plane, the first run of a row.</summary>
    public readonly struct First : IPaddedEnds
    {
        /// <inheritdoc />
        public static bool PaddedFirst => true;

        /// <inheritdoc />
        public static bool PaddedLast => false;
    }

    /// <summary>Padding after the span: the bottom group of a plane, the last run of a row.</summary>
    public readonly struct Last : IPaddedEnds
    {
        /// <inheritdoc />
        public static bool PaddedFirst => false;

        /// <inheritdoc />
        public static bool PaddedLast => true;
    }

    /// <summary>Padding on both sides: a whole row of 14 pixels in one run.</summary>
    public readonly struct Both : IPaddedEnds
    {
        /// <inheritdoc />
        public static bool PaddedFirst => true;

        /// <inheritdoc />
        public static bool PaddedLast => true;
    }
}
