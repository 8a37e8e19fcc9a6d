namespace Depthwise.Kernels;

/// <summary>
/// The <see cref="IPixelRun"/> positions in rows of 14·k pixels with one padding column on either side (3×3, stride 1,
/// "same" padding): a 14-pixel row is one run with both edges; a wider row is a first run, middle runs and a last run.
/// </summary>
internal static class PixelRuns
{
    /// <summary>A whole row of 14 pixels.</summary>
    public readonly struct Whole14 : IPixelRun
    {
        /// <inheritdoc />
        public static bool LeftPadding => true;

        /// <inheritdoc />
        public static bool RightPadding => true;
    }

    /// <summary>The first 14 pixels of a wider row.</summary>
    public readonly struct First14 : IPixelRun
    {
        /// <inheritdoc />
        public static bool LeftPadding => true;

        /// <inheritdoc />
        public static bool RightPadding => false;
    }

    /// <summary>14 pixels inside a row, with input on both sides.</summary>
    public readonly struct Middle14 : IPixelRun
    {
        /// <inheritdoc />
        public static bool LeftPadding => false;

        /// <inheritdoc />
        public static bool RightPadding => false;
    }

    /// <summary>The last 14 pixels of a wider row.</summary>
    public readonly struct Last14 : IPixelRun
    {
        /// <inheritdoc />
        public static bool LeftPadding => false;

        /// <inheritdoc />
        public static bool RightPadding => true;
    }
}
