using Depthwise.Tensors;

namespace Depthwise.Data;

/// <summary>One batch from a <see cref="BatchLoader"/>.</summary>
/// <param name="Images">(N, 1, H, W) NCHW, normalized and augmented.</param>
/// <param name="Labels">N class labels.</param>
/// <param name="Indices">N positions of the images in the source set.</param>
public sealed record ImageBatch(Tensor Images, int[] Labels, int[] Indices)
{
    /// <summary>N.</summary>
    public int Count => Labels.Length;
}
