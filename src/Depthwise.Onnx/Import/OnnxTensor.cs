using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// A model input of any element type <see cref="OnnxModel"/> accepts: float32 (a <see cref="Tensor"/>), int64 or int32
/// (token ids, indices, sizes). The data is referenced, not copied: it is read when the model runs.
/// </summary>
public sealed class OnnxTensor
{
    private readonly int[] _shape;

    private OnnxTensor(OnnxElementType elementType, int[] shape, Tensor? floats, long[]? int64, int[]? int32)
    {
        ElementType = elementType;
        _shape = shape;
        Floats = floats;
        Int64 = int64;
        Int32 = int32;
    }

    /// <summary><see cref="OnnxElementType.Float"/>, <see cref="OnnxElementType.Int64"/> or <see cref="OnnxElementType.Int32"/>.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The dimensions.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The float32 data, or null for an integer tensor.</summary>
    public Tensor? Floats { get; }

    /// <summary>The int64 data, or null.</summary>
    public long[]? Int64 { get; }

    /// <summary>The int32 data, or null.</summary>
    public int[]? Int32 { get; }

    /// <summary>A float32 input.</summary>
    /// <param name="tensor">The tensor; referenced, not copied.</param>
    public static implicit operator OnnxTensor(Tensor tensor) => FromTensor(tensor);

    /// <summary>A float32 input.</summary>
    /// <param name="tensor">The tensor; referenced, not copied.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static OnnxTensor FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new OnnxTensor(OnnxElementType.Float, tensor.ShapeArray(), tensor, null, null);
    }

    /// <summary>An int64 input.</summary>
    /// <param name="values">The values in row-major order; referenced, not copied.</param>
    /// <param name="shape">The dimensions (each ≥ 0); their product must be the number of values.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException">The shape does not match the values.</exception>
    public static OnnxTensor FromInt64(long[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new OnnxTensor(OnnxElementType.Int64, CheckedShape(shape, values.Length), null, values, null);
    }

    /// <summary>An int32 input.</summary>
    /// <param name="values">The values in row-major order; referenced, not copied.</param>
    /// <param name="shape">The dimensions (each ≥ 0); their product must be the number of values.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException">The shape does not match the values.</exception>
    public static OnnxTensor FromInt32(int[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new OnnxTensor(OnnxElementType.Int32, CheckedShape(shape, values.Length), null, null, values);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ElementType}{Tensor.FormatShape(_shape)}";

    private static int[] CheckedShape(int[] shape, int length)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"shape {Tensor.FormatShape(shape)} has a negative dimension; expected every dimension to be at least 0.", nameof(shape));
            }

            count = Math.Min(count * dimension, long.MaxValue / 2);
        }

        if (count != length)
        {
            throw new ArgumentException($"shape {Tensor.FormatShape(shape)} needs {count} values; got {length}.", nameof(shape));
        }

        return (int[])shape.Clone();
    }
}
