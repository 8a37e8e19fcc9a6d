namespace Depthwise.Benchmarks.Columns;

/// <summary>A benchmark parameter that knows how many floating-point operations one call performs.</summary>
public interface IFlopCounted
{
    /// <summary>Floating-point operations (a multiply-add counts 2) per benchmarked call.</summary>
    double Flops { get; }
}
