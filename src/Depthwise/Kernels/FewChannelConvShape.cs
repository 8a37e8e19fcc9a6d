using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>The sizes a <see cref="FewChannelConvJob{TVector, TSimd, TActivation}"/> works with.</summary>
/// <param name="Batch">N.</param>
/// <param name="InputChannels">Cin.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Geometry">The geometry.</param>
/// <param name="Lanes">Lanes per register.</param>
/// <param name="TileRows">Output rows per work item.</param>
/// <param name="ChannelsLast">Whether the output is (N, Ho, Wo, Cout) rather than (N, Cout, Ho, Wo), its weights packed by
/// <see cref="FewChannelConvKernel.PackWeightsChannelsLast"/>.</param>
internal readonly record struct FewChannelConvShape(int Batch, int InputChannels, int OutputChannels, ConvGeometry Geometry, int Lanes, int TileRows, bool ChannelsLast = false);
