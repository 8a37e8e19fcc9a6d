namespace Depthwise.Visualization.FeatureMaps;

/// <summary>The classic kernels <c>depthwise featuremaps</c> can apply, by name.</summary>
public static class ClassicKernels
{
    /// <summary>Every kernel, in the order <see cref="Default"/> and help texts list them.</summary>
    public static IReadOnlyList<ClassicKernel> All { get; } =
    [
        new("sobel-x", "vertical edges", [-1, 0, 1, -2, 0, 2, -1, 0, 1]),
        new("sobel-y", "horizontal edges", [-1, -2, -1, 0, 0, 0, 1, 2, 1]),
        new("blur", "Gaussian blur", [1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f]),
        new("box", "mean of 9", [.. Enumerable.Repeat(1 / 9f, 9)]),
        new("sharpen", "sharper detail", [0, -1, 0, -1, 5, -1, 0, -1, 0]),
        new("laplacian", "all edges", [0, 1, 0, 1, -4, 1, 0, 1, 0]),
        new("outline", "outline", [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
        new("emboss", "relief", [-2, -1, 0, -1, 1, 1, 0, 1, 2]),
        new("identity", "copies the input", [0, 0, 0, 0, 1, 0, 0, 0, 0]),
    ];

    /// <summary>The kernels used when none are named: sobel-x, sobel-y, blur, sharpen.</summary>
    public static IReadOnlyList<ClassicKernel> Default => [Get("sobel-x"), Get("sobel-y"), Get("blur"), Get("sharpen")];

    /// <summary>The kernel called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A name from <see cref="All"/>.</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentException">No kernel has that name; the message lists the names.</exception>
    public static ClassicKernel Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(kernel => string.Equals(kernel.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"kernel '{name}' is unknown; expected one of {string.Join(", ", All.Select(kernel => kernel.Name))}.", nameof(name));
    }

    /// <summary>Parses a comma-separated list such as <c>sobel-x,sobel-y,blur</c>.</summary>
    /// <param name="names">The list.</param>
    /// <returns>The kernels, in the order given.</returns>
    /// <exception cref="ArgumentException">The list is empty or names an unknown kernel.</exception>
    public static IReadOnlyList<ClassicKernel> Parse(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var parts = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0
            ? [.. parts.Select(Get)]
            : throw new ArgumentException($"kernels is empty; expected a comma-separated list of {string.Join(", ", All.Select(kernel => kernel.Name))}.", nameof(names));
    }
}
