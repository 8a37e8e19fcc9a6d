using Depthwise.Geometry;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>A validated pooling: geometry from <see cref="ConvGeometry"/> (dilation 1) and the resolved thread count.</summary>
internal readonly record struct Pool2dProblem(ConvGeometry Geometry, int Threads)
{
    // Below this many input elements the work is smaller than the cost of waking a second thread.
    private const int ParallelThreshold = 1 << 15;

    /// <summary>Checks the settings against an input of H × W and computes the geometry.</summary>
    public static Pool2dProblem Create(int height, int width, Size2D kernel, Size2D? stride, Padding? padding, int threads, long elements)
    {
        var geometry = ConvGeometry.Create(height, width, kernel, stride ?? kernel, 1, padding ?? Padding.Valid);

        // A pad as large as the kernel would make a window of padding only, which has no maximum and no average.
        if (geometry.PadTop >= kernel.Height || geometry.PadBottom >= kernel.Height || geometry.PadLeft >= kernel.Width || geometry.PadRight >= kernel.Width)
        {
            throw new ArgumentException(
                $"padding {geometry.PadTop},{geometry.PadLeft},{geometry.PadBottom},{geometry.PadRight} is too large for kernel {kernel.Height}x{kernel.Width}; expected every pad smaller than the kernel.",
                nameof(padding));
        }

        var resolved = Parallelism.Resolve(threads);
        return new Pool2dProblem(geometry, elements >= ParallelThreshold ? resolved : 1);
    }

    /// <summary>Runs a per-plane body over the N·C planes of an NCHW input and output, one thread per plane.</summary>
    public void ForEachPlane(Tensor source, Tensor destination, int planes, PlaneBody body)
    {
        var geometry = Geometry;
        var sourcePlane = source.Length / planes;
        var destinationPlane = destination.Length / planes;
        Parallelism.For(planes, Threads, plane =>
            body(source.Span.Slice(plane * sourcePlane, sourcePlane), destination.Span.Slice(plane * destinationPlane, destinationPlane), geometry));
    }

    /// <summary>The work on one plane.</summary>
    public delegate void PlaneBody(ReadOnlySpan<float> source, Span<float> destination, in ConvGeometry geometry);
}
