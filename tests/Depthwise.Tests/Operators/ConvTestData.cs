using System.Globalization;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>Random tensors and the tolerance rule shared by the convolution comparison tests.</summary>
internal static class ConvTestData
{
    /// <summary>
    /// Optimized and reference paths add the same products in different orders (GEMM depth slices, FMA vs separate
    /// multiply and add), so each output may differ by a few float roundings of the terms' magnitude: we allow
    /// 1e-5 relative to Σ|terms| (+1 for values near zero), doubled because HardSwish's slope reaches 1.5.
    /// </summary>
    public const float RelativeTolerance = 2e-5f;

    public static float[] Values(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    public static Tensor Tensor(Random random, params int[] shape)
    {
        var length = 1;
        foreach (var dimension in shape)
        {
            length *= dimension;
        }

        return new Tensor(Values(random, length), shape);
    }

    public static Tensor Image(Random random, int batch, int channels, int height, int width, TensorLayout layout)
    {
        var image = Depthwise.Tensors.Tensor.Image(batch, channels, height, width, layout);
        Values(random, image.Length).CopyTo(image.Span);
        return image;
    }

    public static Tensor Abs(Tensor tensor)
    {
        var copy = tensor.Clone();
        var span = copy.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = MathF.Abs(span[i]);
        }

        return copy;
    }

    /// <summary>Σ|terms| of every output: the reference convolution on absolute values, without activation.</summary>
    public static Tensor Magnitude(Tensor input, Tensor weights, Tensor? bias, int groups, Conv2dOptions options) =>
        Conv2d.Reference(Abs(input), Abs(weights), bias is null ? null : Abs(bias), groups, options with { Activation = Activation.None });

    public static void AssertClose(Tensor expected, Tensor actual, Tensor magnitude, string context)
    {
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        Assert.Equal(expected.Layout, actual.Layout);
        var e = expected.Span;
        var a = actual.Span;
        var m = magnitude.Span;
        for (var i = 0; i < e.Length; i++)
        {
            var allowed = RelativeTolerance * (1 + m[i]);
            if (!(MathF.Abs(e[i] - a[i]) <= allowed))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: element {i} is {a[i]}, reference {e[i]}, allowed difference {allowed}."));
            }
        }
    }
}
