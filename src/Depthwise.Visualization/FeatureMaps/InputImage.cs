using Depthwise.Tensors;

namespace Depthwise.Visualization.FeatureMaps;

/// <summary>An image ready for a depthwise layer: a (1, C, H, W) tensor with values in [0, 1], and a name per channel.</summary>
/// <param name="Pixels">(1, C, H, W), NCHW, 0 = black, 1 = full intensity.</param>
/// <param name="ChannelNames">One name per channel, e.g. red, green, blue or gray.</param>
/// <param name="Caption">Where the image came from, for titles.</param>
public sealed record InputImage(Tensor Pixels, IReadOnlyList<string> ChannelNames, string Caption);
