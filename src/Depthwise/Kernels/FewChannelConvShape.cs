using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>The sizes a <see cref="FewChannelConvJob{TVector, TSimd, TActivation}"/> works with.</summary>
/// <param name="Batch">N.</param>
/// <param name="InputChannels">Cin.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Geometry">The geometry.</param>
/// <param name="Lanes">Lanes per register.</param>
/// <param name="TileRows">Output rows per work item.</param>
internal readonly record struct FewChannelConvShape(int Batch, int InputChannels, int OutputChannels, ConvGeometry Geometry, int Lanes, int TileRows);
