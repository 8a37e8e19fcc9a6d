namespace Depthwise.Tests.Infrastructure;

/// <summary>
/// Tests that assert a steady-state call allocates nothing. They run alone, after the parallel tests, so that the
/// collections other tests trigger do not land inside their measured windows (see <see cref="SteadyStateAllocation"/>
/// for the runtime's own noise, which they also guard against).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SteadyStateAllocationCollection
{
    public const string Name = "Steady-state allocation";
}
