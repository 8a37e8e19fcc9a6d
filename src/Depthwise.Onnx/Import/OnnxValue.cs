namespace Depthwise.Onnx.Import;

/// <summary>
/// A value flowing through the plan: a float32 tensor (activations, weights) or an int64 tensor (shapes, indices, axes).
/// Unlike <see cref="Depthwise.Tensors.Tensor"/> it allows zero-sized dimensions, which shape arithmetic produces.
/// Values are never mutated after an operator returns them, so plans can share constants across threads.
/// </summary>
internal sealed class OnnxValue
{
    /// <summary>The most elements one value may hold (1 GiB of floats); a bigger result is refused, not allocated.</summary>
    public const long MaximumElements = 1L << 28;

    private OnnxValue(int[] shape, float[]? floats, long[]? longs)
    {
        Shape = shape;
        Floats = floats;
        Longs = longs;
    }

    public int[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Longs { get; }

    public bool IsFloat => Floats is not null;

    public int Rank => Shape.Length;

    public int Length => Floats?.Length ?? Longs!.Length;

    public static OnnxValue FromFloats(float[] data, int[] shape) => new(shape, data, null);

    public static OnnxValue FromLongs(long[] data, int[] shape) => new(shape, null, data);

    public static OnnxValue Float(int[] shape) => new(shape, new float[ElementCount(shape)], null);

    public static OnnxValue Scalar(long value) => new([], null, [value]);

    public static OnnxValue Vector(long[] values) => new([values.Length], null, values);

    /// <summary>Product of the dimensions, refusing negative dimensions and anything above <see cref="MaximumElements"/>.</summary>
    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new OnnxModelException($"shape {Format(shape)} has a negative dimension.");
            }

            count *= dimension;
            if (count > MaximumElements)
            {
                throw new OnnxModelException($"shape {Format(shape)} has more than {MaximumElements} elements; refusing to allocate it.");
            }
        }

        return (int)count;
    }

    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";

    /// <summary>Values as int64 whatever the storage (floats truncate toward zero, as Cast does).</summary>
    public long[] AsLongs()
    {
        if (Longs is { } longs)
        {
            return longs;
        }

        var result = new long[Floats!.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = FloatToLong(Floats[i]);
        }

        return result;
    }

    /// <summary>Values as float32 whatever the storage.</summary>
    public float[] AsFloats()
    {
        if (Floats is { } floats)
        {
            return floats;
        }

        var result = new float[Longs!.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Longs[i];
        }

        return result;
    }

    public OnnxValue WithShape(int[] shape) => new(shape, Floats, Longs);

    public override string ToString() => (IsFloat ? "float" : "int64") + Format(Shape);

    // NaN and out-of-range floats saturate instead of invoking undefined conversions.
    private static long FloatToLong(float value) =>
        float.IsNaN(value) ? 0 : value >= 9.2e18f ? long.MaxValue : value <= -9.2e18f ? long.MinValue : (long)value;
}
