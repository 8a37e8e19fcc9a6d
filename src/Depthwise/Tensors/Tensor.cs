using System.Buffers;

namespace Depthwise.Tensors;

/// <summary>
/// A dense, contiguous, row-major float32 tensor. <see cref="Shape"/> lists the dimensions in storage order;
/// for 4-D image tensors <see cref="Layout"/> says whether that order is NCHW or NHWC.
/// </summary>
/// <remarks>
/// Storage is either a plain array (from the constructors) or an array rented from the shared pool
/// (<see cref="Rent"/>); a rented tensor returns its array on <see cref="Dispose"/>. Disposing a tensor
/// that owns a plain array does nothing, so <c>using</c> is always safe.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private readonly int[] _shape;
    private float[]? _data;
    private readonly bool _pooled;

    /// <summary>Creates a zero-filled tensor.</summary>
    /// <param name="shape">Dimensions in storage order (each ≥ 1).</param>
    /// <param name="layout">Meaning of a 4-D shape.</param>
    /// <exception cref="ArgumentException">A dimension is not positive or the element count overflows.</exception>
    public Tensor(ReadOnlySpan<int> shape, TensorLayout layout = TensorLayout.Nchw)
    {
        _shape = shape.ToArray();
        Length = CheckedLength(_shape, nameof(shape));
        _data = new float[Length];
        Layout = layout;
    }

    /// <summary>Wraps an existing array without copying; the tensor sees and changes the caller's array.</summary>
    /// <param name="data">Values in storage order; its length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions in storage order (each ≥ 1).</param>
    /// <param name="layout">Meaning of a 4-D shape.</param>
    /// <exception cref="ArgumentException">The shape is invalid or does not match the data length.</exception>
    public Tensor(float[] data, ReadOnlySpan<int> shape, TensorLayout layout = TensorLayout.Nchw)
    {
        ArgumentNullException.ThrowIfNull(data);
        _shape = shape.ToArray();
        Length = CheckedLength(_shape, nameof(shape));
        if (data.Length != Length)
        {
            throw new ArgumentException($"data has {data.Length} elements but shape {FormatShape(_shape)} needs {Length}.", nameof(data));
        }

        _data = data;
        Layout = layout;
    }

    private Tensor(float[] data, int[] shape, int length, TensorLayout layout, bool pooled)
    {
        _data = data;
        _shape = shape;
        Length = length;
        Layout = layout;
        _pooled = pooled;
    }

    /// <summary>Dimensions in storage order.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Meaning of a 4-D shape.</summary>
    public TensorLayout Layout { get; }

    /// <summary>The elements, in storage order.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was rented and has been disposed.</exception>
    public Span<float> Span => Storage.AsSpan(0, Length);

    /// <summary>Batch size N of a 4-D tensor.</summary>
    public int Batch => Dimension4D(0);

    /// <summary>Channels C of a 4-D tensor, whatever the layout.</summary>
    public int Channels => Dimension4D(Layout == TensorLayout.Nchw ? 1 : 3);

    /// <summary>Height H of a 4-D tensor, whatever the layout.</summary>
    public int Height => Dimension4D(Layout == TensorLayout.Nchw ? 2 : 1);

    /// <summary>Width W of a 4-D tensor, whatever the layout.</summary>
    public int Width => Dimension4D(Layout == TensorLayout.Nchw ? 3 : 2);

    private float[] Storage => _data ?? throw new ObjectDisposedException(nameof(Tensor), "this rented tensor was disposed; its storage went back to the pool.");

    /// <summary>Copies values into a new tensor.</summary>
    /// <param name="values">Values in storage order.</param>
    /// <param name="shape">Dimensions in storage order.</param>
    /// <param name="layout">Meaning of a 4-D shape.</param>
    /// <returns>A tensor that owns a copy of <paramref name="values"/>.</returns>
    public static Tensor FromSpan(ReadOnlySpan<float> values, ReadOnlySpan<int> shape, TensorLayout layout = TensorLayout.Nchw) =>
        new(values.ToArray(), shape, layout);

    /// <summary>A 4-D image tensor with logical dimensions (N, C, H, W) stored in <paramref name="layout"/> order, zero-filled.</summary>
    /// <param name="batch">N.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="layout">Storage order.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Image(int batch, int channels, int height, int width, TensorLayout layout = TensorLayout.Nchw) =>
        layout == TensorLayout.Nchw
            ? new Tensor([batch, channels, height, width], layout)
            : new Tensor([batch, height, width, channels], layout);

    /// <summary>
    /// A tensor whose storage is rented from the shared array pool; <see cref="Dispose"/> returns it. Contents are not cleared.
    /// Use for scratch and intermediate tensors on hot paths.
    /// </summary>
    /// <param name="shape">Dimensions in storage order.</param>
    /// <param name="layout">Meaning of a 4-D shape.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Rent(ReadOnlySpan<int> shape, TensorLayout layout = TensorLayout.Nchw)
    {
        var dims = shape.ToArray();
        var length = CheckedLength(dims, nameof(shape));
        return new Tensor(ArrayPool<float>.Shared.Rent(length), dims, length, layout, pooled: true);
    }

    /// <summary>Reads element at a multi-index given in storage order.</summary>
    /// <param name="indices">One index per dimension.</param>
    /// <returns>The element.</returns>
    public float this[params ReadOnlySpan<int> indices]
    {
        get => Storage[Offset(indices)];
        set => Storage[Offset(indices)] = value;
    }

    /// <summary>The same values reordered into another 4-D layout (a copy; this tensor is unchanged).</summary>
    /// <param name="layout">Target layout.</param>
    /// <returns>A new tensor; a copy even when the layout already matches.</returns>
    public Tensor ToLayout(TensorLayout layout)
    {
        RequireRank4(nameof(layout));
        var result = Image(Batch, Channels, Height, Width, layout);
        LayoutConversion.Convert(Span, Layout, result.Span, layout, Batch, Channels, Height, Width);
        return result;
    }

    /// <summary>A deep copy with the same shape and layout.</summary>
    /// <returns>The copy.</returns>
    public Tensor Clone() => new(Span.ToArray(), _shape, Layout);

    /// <summary>A copy of the shape.</summary>
    /// <returns>The dimensions in storage order.</returns>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>Returns rented storage to the pool; does nothing for tensors that own a plain array.</summary>
    public void Dispose()
    {
        if (_pooled && _data is { } data)
        {
            _data = null;
            ArrayPool<float>.Shared.Return(data);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{FormatShape(_shape)}" + (Rank == 4 ? $" {Layout}" : string.Empty);

    /// <summary>Formats a shape as <c>(1, 3, 224, 224)</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The text.</returns>
    public static string FormatShape(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";

    internal void RequireRank4(string parameter)
    {
        if (Rank != 4)
        {
            throw new ArgumentException($"expected a 4-D image tensor (N, C, H, W) or (N, H, W, C); got shape {FormatShape(_shape)}.", parameter);
        }
    }

    /// <summary>Product of the dimensions, checked: every dimension ≥ 1 and the product within an array's limit.</summary>
    internal static int CheckedLength(ReadOnlySpan<int> shape, string parameter)
    {
        long length = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] <= 0)
            {
                throw new ArgumentException($"dimension {i} of shape {FormatShape(shape)} is {shape[i]}; expected every dimension to be at least 1.", parameter);
            }

            length *= shape[i];
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"shape {FormatShape(shape)} has more than {Array.MaxLength} elements; a tensor holds at most that many.", parameter);
            }
        }

        return (int)length;
    }

    private int Dimension4D(int index)
    {
        RequireRank4("this");
        return _shape[index];
    }

    private int Offset(ReadOnlySpan<int> indices)
    {
        if (indices.Length != _shape.Length)
        {
            throw new ArgumentException($"expected {_shape.Length} indices for shape {FormatShape(_shape)}; got {indices.Length}.", nameof(indices));
        }

        var offset = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)_shape[i])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"index {i} must be in [0, {_shape[i]}).");
            }

            offset = (offset * _shape[i]) + indices[i];
        }

        return offset;
    }
}
