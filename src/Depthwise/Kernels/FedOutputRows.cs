namespace Depthwise.Kernels;

/// <summary>The <see cref="IFedOutputRows"/> cases a band of two or more output rows meets, top to bottom.</summary>
internal static class FedOutputRows
{
    /// <summary>The input row above the band: only the band's first row.</summary>
    public readonly struct NextOnly : IFedOutputRows
    {
        /// <inheritdoc />
        public static bool Previous => false;

        /// <inheritdoc />
        public static bool Current => false;

        /// <inheritdoc />
        public static bool Next => true;
    }

    /// <summary>The band's first input row: its first two output rows.</summary>
    public readonly struct CurrentAndNext : IFedOutputRows
    {
        /// <inheritdoc />
        public static bool Previous => false;

        /// <inheritdoc />
        public static bool Current => true;

        /// <inheritdoc />
        public static bool Next => true;
    }

    /// <summary>An input row inside the band: three output rows.</summary>
    public readonly struct All : IFedOutputRows
    {
        /// <inheritdoc />
        public static bool Previous => true;

        /// <inheritdoc />
        public static bool Current => true;

        /// <inheritdoc />
        public static bool Next => true;
    }

    /// <summary>The band's last input row: its last two output rows.</summary>
    public readonly struct PreviousAndCurrent : IFedOutputRows
    {
        /// <inheritdoc />
        public static bool Previous => true;

        /// <inheritdoc />
        public static bool Current => true;

        /// <inheritdoc />
        public static bool Next => false;
    }

    /// <summary>The input row below the band: only the band's last row.</summary>
    public readonly struct PreviousOnly : IFedOutputRows
    {
        /// <inheritdoc />
        public static bool Previous => true;

        /// <inheritdoc />
        public static bool Current => false;

        /// <inheritdoc />
        public static bool Next => false;
    }
}
