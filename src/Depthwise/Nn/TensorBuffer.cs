using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// A tensor a module keeps from one training step to the next (an output, a gradient, batch statistics), replaced
/// only when the shape or layout changes: a steady-state training step then allocates almost nothing, where fresh
/// multi-megabyte tensors every step cost as much in zeroing, page faults and collections as the arithmetic.
/// </summary>
/// <remarks>The contents are whatever the last user left; every caller overwrites the whole tensor.</remarks>
internal sealed class TensorBuffer
{
    private Tensor? _tensor;

    /// <summary>The kept tensor if it has this shape and layout, else a new (zeroed) one that is kept from now on.</summary>
    public Tensor Get(ReadOnlySpan<int> shape, TensorLayout layout = TensorLayout.Nchw)
    {
        if (_tensor is { } tensor && tensor.Layout == layout && tensor.Shape.SequenceEqual(shape))
        {
            return tensor;
        }

        _tensor = new Tensor(shape, layout);
        return _tensor;
    }

    /// <summary>A buffer shaped like <paramref name="like"/>.</summary>
    public Tensor Like(Tensor like) => Get(like.Shape, like.Layout);

    /// <summary>An image buffer with logical dimensions (N, C, H, W) in <paramref name="layout"/> order.</summary>
    public Tensor Image(int batch, int channels, int height, int width, TensorLayout layout) =>
        layout == TensorLayout.Nchw ? Get([batch, channels, height, width], layout) : Get([batch, height, width, channels], layout);
}
