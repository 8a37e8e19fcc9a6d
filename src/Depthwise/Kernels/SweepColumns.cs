namespace Depthwise.Kernels;

/// <summary>The <see cref="ISweepColumn"/> cases: the row's first register, one in between, its last, or none.</summary>
internal static class SweepColumns
{
    /// <summary>The row's first register.</summary>
    public readonly struct RowStart : ISweepColumn
    {
        /// <inheritdoc />
        public static bool First => true;

        /// <inheritdoc />
        public static bool Last => false;

        /// <inheritdoc />
        public static bool Half => false;
    }

    /// <summary>A register inside the row: every tap a plain load.</summary>
    public readonly struct Inside : ISweepColumn
    {
        /// <inheritdoc />
        public static bool First => false;

        /// <inheritdoc />
        public static bool Last => false;

        /// <inheritdoc />
        public static bool Half => false;
    }

    /// <summary>The row's last register, whole (pulled back to end at the row's end when the row is not a whole number of registers).</summary>
    public readonly struct RowEnd : ISweepColumn
    {
        /// <inheritdoc />
        public static bool First => false;

        /// <inheritdoc />
        public static bool Last => true;

        /// <inheritdoc />
        public static bool Half => false;
    }

    /// <summary>The row's last half register (rows of 16·k + 8 columns).</summary>
    public readonly struct RowEndHalf : ISweepColumn
    {
        /// <inheritdoc />
        public static bool First => false;

        /// <inheritdoc />
        public static bool Last => true;

        /// <inheritdoc />
        public static bool Half => true;
    }

    /// <summary>No register: a step that computes one register column instead of two.</summary>
    public readonly struct Absent : ISweepColumn
    {
        /// <inheritdoc />
        public static bool First => false;

        /// <inheritdoc />
        public static bool Last => false;

        /// <inheritdoc />
        public static bool Half => false;
    }
}
