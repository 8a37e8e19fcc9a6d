namespace Depthwise.Onnx.Tests.Infrastructure;

/// <summary>
/// Tests that assert a steady-state call allocates nothing. They run alone, after the parallel tests: the kernels'
/// scratch comes from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which empties its buckets when a gen-2
/// collection happens, and other tests allocating on other threads would trigger one inside the measured window.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SteadyStateAllocationCollection
{
    public const string Name = "Steady-state allocation";
}
