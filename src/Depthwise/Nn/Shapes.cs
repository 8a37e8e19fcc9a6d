using System.Globalization;
using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>Shape checks and descriptions shared by the modules' <see cref="Module.Describe"/> methods.</summary>
internal static class Shapes
{
    /// <summary>Checks an image shape (N, C, H, W) — with C = <paramref name="channels"/> when given — and returns it.</summary>
    public static (int Batch, int Channels, int Height, int Width) RequireImage(ReadOnlySpan<int> shape, int? channels, string module)
    {
        if (shape.Length != 4 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1 || shape[3] < 1)
        {
            throw new ArgumentException($"{module} expects an image shape (N, C, H, W) with every dimension >= 1; got {Tensor.FormatShape(shape)}.", "inputShape");
        }

        if (channels is { } expected && shape[1] != expected)
        {
            throw new ArgumentException($"{module} expects {expected} input channels; got shape {Tensor.FormatShape(shape)}.", "inputShape");
        }

        return (shape[0], shape[1], shape[2], shape[3]);
    }

    /// <summary>Checks a feature shape (N, F) — with F = <paramref name="features"/> when given — and returns it.</summary>
    public static (int Batch, int Features) RequireFeatures(ReadOnlySpan<int> shape, int? features, string module)
    {
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1 || (features is { } expected && shape[1] != expected))
        {
            var wanted = features is { } count ? $"(N, {count})" : "(N, features)";
            throw new ArgumentException($"{module} expects a feature shape {wanted}; got {Tensor.FormatShape(shape)}.", "inputShape");
        }

        return (shape[0], shape[1]);
    }

    /// <summary>An elementwise layer: no parameters, no multiply-adds, one read and one write of every element.</summary>
    public static LayerCost Elementwise(string type, ReadOnlySpan<int> inputShape, int inputs = 1)
    {
        if (inputShape.Length == 0)
        {
            throw new ArgumentException($"{type} expects a tensor shape; got an empty one.", nameof(inputShape));
        }

        var elements = checked((long)Tensor.CheckedLength(inputShape, nameof(inputShape)));
        var cost = new OpCost { BytesRead = checked(sizeof(float) * elements * inputs), BytesWritten = sizeof(float) * elements };
        return LayerCost.Leaf(type, string.Empty, inputShape, inputShape, cost);
    }

    /// <summary>Kernel and stride as <c>3×3/2</c>, with dilation, groups and a fused activation when they are not the defaults.</summary>
    public static string ConvolutionDetail(ConvGeometry geometry, int groups, Activation activation)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{geometry.Kernel.Height}×{geometry.Kernel.Width}/{Axes(geometry.Stride)}");
        if (geometry.Dilation != new Size2D(1, 1))
        {
            text += " dil " + Axes(geometry.Dilation);
        }

        if (groups > 1)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" g{groups}");
        }

        return activation.Kind == ActivationKind.None ? text : text + " " + activation;
    }

    private static string Axes(Size2D size) => size.Height == size.Width
        ? size.Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{size.Height}×{size.Width}");
}
