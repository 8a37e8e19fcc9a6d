namespace Depthwise.Visualization.Report;

/// <summary>One section of the report and whether its data were there.</summary>
/// <param name="Title">The section heading.</param>
/// <param name="Included">True when the section shows results; false when it says how to produce them.</param>
/// <param name="Note">Where the data came from, or the command that produces them.</param>
public sealed record ReportSection(string Title, bool Included, string Note);
