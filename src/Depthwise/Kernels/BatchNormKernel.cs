using System.Numerics;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

/// <summary>
/// The per-plane loops of training-mode batch normalization (one H×W plane of one channel of one image), each a
/// single pass in registers: the statistics, the affine normalization and the two passes of the backward. Sums
/// run over lanes in a fixed order, so a plane's result never depends on the thread that computes it.
/// </summary>
internal static class BatchNormKernel
{
    // plane (P) → Σ (x − mean)²
    public static float SquaredDeviations(ReadOnlySpan<float> plane, float mean)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(plane);
        var center = new Vector<float>(mean);
        var sum = Vector<float>.Zero;
        foreach (var vector in vectors)
        {
            var deviation = vector - center;
            sum += deviation * deviation;
        }

        var total = Vector.Sum(sum);
        for (var i = vectors.Length * Vector<float>.Count; i < plane.Length; i++)
        {
            var deviation = plane[i] - mean;
            total += deviation * deviation;
        }

        return total;
    }

    // plane (P) → output (P) = x · multiplier + offset
    public static void Affine(ReadOnlySpan<float> plane, float multiplier, float offset, Span<float> output)
    {
        var source = MemoryMarshal.Cast<float, Vector<float>>(plane);
        var destination = MemoryMarshal.Cast<float, Vector<float>>(output);
        var scale = new Vector<float>(multiplier);
        var shift = new Vector<float>(offset);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (source[i] * scale) + shift;
        }

        for (var i = source.Length * Vector<float>.Count; i < plane.Length; i++)
        {
            output[i] = (plane[i] * multiplier) + offset;
        }
    }

    // plane x (P), gradient ∂y (P) → (Σ ∂y, Σ ∂y · (x − mean))
    public static (float SumGradient, float SumGradientCentered) GradientSums(ReadOnlySpan<float> plane, ReadOnlySpan<float> gradient, float mean)
    {
        var values = MemoryMarshal.Cast<float, Vector<float>>(plane);
        var gradients = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var center = new Vector<float>(mean);
        var sum = Vector<float>.Zero;
        var centered = Vector<float>.Zero;
        for (var i = 0; i < values.Length; i++)
        {
            sum += gradients[i];
            centered += gradients[i] * (values[i] - center);
        }

        var (sumTotal, centeredTotal) = (Vector.Sum(sum), Vector.Sum(centered));
        for (var i = values.Length * Vector<float>.Count; i < plane.Length; i++)
        {
            sumTotal += gradient[i];
            centeredTotal += gradient[i] * (plane[i] - mean);
        }

        return (sumTotal, centeredTotal);
    }

    // plane x (P), gradient ∂y (P) → ∂x (P) = gradientScale · ∂y + centeredScale · (x − mean) + offset
    public static void InputGradient(
        ReadOnlySpan<float> plane, ReadOnlySpan<float> gradient, float mean, float gradientScale, float centeredScale, float offset, Span<float> gradInput)
    {
        var values = MemoryMarshal.Cast<float, Vector<float>>(plane);
        var gradients = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var destination = MemoryMarshal.Cast<float, Vector<float>>(gradInput);
        var center = new Vector<float>(mean);
        var (k, a, b) = (new Vector<float>(gradientScale), new Vector<float>(centeredScale), new Vector<float>(offset));
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = (gradients[i] * k) + ((values[i] - center) * a) + b;
        }

        for (var i = values.Length * Vector<float>.Count; i < plane.Length; i++)
        {
            gradInput[i] = (gradient[i] * gradientScale) + ((plane[i] - mean) * centeredScale) + offset;
        }
    }
}
