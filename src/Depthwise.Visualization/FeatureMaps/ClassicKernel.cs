namespace Depthwise.Visualization.FeatureMaps;

/// <summary>A named 3×3 image-processing kernel, as textbooks and photo editors use them.</summary>
/// <param name="Name">The name used on the command line, e.g. <c>sobel-x</c>.</param>
/// <param name="Description">What it does, in a few words.</param>
/// <param name="Weights">Nine weights, row-major.</param>
public sealed record ClassicKernel(string Name, string Description, float[] Weights)
{
    /// <summary>Kernel side: these kernels are all 3×3.</summary>
    public const int Size = 3;

    /// <summary>Whether the weights sum to zero: the kernel measures change (edges) and its output is signed around 0.</summary>
    public bool IsSigned => Math.Abs(Weights.Sum()) < 1e-6f;
}
