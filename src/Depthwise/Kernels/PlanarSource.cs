namespace Depthwise.Kernels;

/// <summary>Planar (NCHW) input: lane i of the block is plane <c>planes[i]</c>; a tile is a square transpose.</summary>
internal readonly unsafe struct PlanarSource<TSimd, TVector> : IBandSource
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly float** _planes;

    /// <param name="planes">One input plane per lane, at pixel (0, 0).</param>
    public PlanarSource(float** planes) => _planes = planes;

    public void ConvertTile(nint pixel, float* destination) => TSimd.TransposeToBlocks(_planes, pixel, destination);

    public void ConvertPixel(nint pixel, float* destination)
    {
        for (var lane = 0; lane < TSimd.Count; lane++)
        {
            destination[lane] = _planes[lane][pixel];
        }
    }
}
