namespace Depthwise.Kernels;

/// <summary>The counts 0–8 as <see cref="IGemmCount"/> types, for the rows, vectors and extra columns of GEMM tiles.</summary>
internal static class GemmCount
{
    /// <summary>0.</summary>
    public readonly struct Zero : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 0;
    }

    /// <summary>1.</summary>
    public readonly struct One : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 1;
    }

    /// <summary>2.</summary>
    public readonly struct Two : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 2;
    }

    /// <summary>3.</summary>
    public readonly struct Three : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 3;
    }

    /// <summary>4.</summary>
    public readonly struct Four : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 4;
    }

    /// <summary>5.</summary>
    public readonly struct Five : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 5;
    }

    /// <summary>6.</summary>
    public readonly struct Six : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 6;
    }

    /// <summary>7.</summary>
    public readonly struct Seven : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 7;
    }

    /// <summary>8.</summary>
    public readonly struct Eight : IGemmCount
    {
        /// <inheritdoc />
        public static int Value => 8;
    }
}
