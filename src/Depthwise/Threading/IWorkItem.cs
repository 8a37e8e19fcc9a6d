namespace Depthwise.Threading;

/// <summary>
/// A body for <see cref="Parallelism.For{TWork}(int, int, ref TWork)"/>: a struct holding whatever the items share,
/// with one method that does item number <c>item</c>. Being a struct passed by reference, it costs no allocation.
/// </summary>
public interface IWorkItem
{
    /// <summary>Does one work item. Called exactly once per item, on any thread; items must write disjoint outputs.</summary>
    /// <param name="item">The item number, in [0, items).</param>
    void Execute(int item);
}
