namespace Depthwise.Kernels;

/// <summary>The <see cref="IPixelStride"/> cases: pixels one register apart (blocked data), or any stride.</summary>
internal static class PixelStrides
{
    /// <summary>Pixels one register of lanes apart: blocked (NCHWc) data, the row's stride equal to the lanes.</summary>
    public readonly struct Lanes : IPixelStride
    {
        /// <inheritdoc />
        public static nint Floats(nint pixelStride, int lanes) => lanes;
    }

    /// <summary>Pixels the row's stride apart: channels-last data.</summary>
    public readonly struct Given : IPixelStride
    {
        /// <inheritdoc />
        public static nint Floats(nint pixelStride, int lanes) => pixelStride;
    }
}
