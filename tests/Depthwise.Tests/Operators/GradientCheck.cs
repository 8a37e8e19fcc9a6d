namespace Depthwise.Tests.Operators;

/// <summary>
/// Central finite differences of a double-precision loss, compared with an analytic gradient computed in float.
/// </summary>
/// <remarks>
/// With step h = 1e-6 on a double function the truncation error (h² · f‴) and the rounding error (1e-16 / h) are both
/// below 1e-9, so the numeric gradient is exact for our purpose; the tolerance covers the float analytic side only:
/// 2e-4 relative to the largest gradient magnitude (at least 1) — a few hundred float roundings.
/// </remarks>
internal static class GradientCheck
{
    public const double Tolerance = 2e-4;

    /// <summary>∂loss/∂values[i] for the listed indices (all when null), by central differences; <paramref name="values"/> is restored.</summary>
    public static double[] Numeric(double[] values, Func<double> loss, IReadOnlyList<int>? indices = null, double step = 1e-6)
    {
        var gradient = new double[values.Length];
        foreach (var i in indices ?? Enumerable.Range(0, values.Length).ToArray())
        {
            var saved = values[i];
            values[i] = saved + step;
            var plus = loss();
            values[i] = saved - step;
            var minus = loss();
            values[i] = saved;
            gradient[i] = (plus - minus) / (2 * step);
        }

        return gradient;
    }

    /// <summary>Asserts the analytic gradient matches the numeric one at the listed indices (all when null).</summary>
    public static void AssertMatches(ReadOnlySpan<float> analytic, double[] numeric, string what, IReadOnlyList<int>? indices = null, double tolerance = Tolerance)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        var scale = 1.0;
        foreach (var value in numeric)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        foreach (var i in indices ?? Enumerable.Range(0, numeric.Length).ToArray())
        {
            var error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(error <= tolerance * scale, $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric[i]} (error {error:G3}, allowed {tolerance * scale:G3}).");
        }
    }
}
