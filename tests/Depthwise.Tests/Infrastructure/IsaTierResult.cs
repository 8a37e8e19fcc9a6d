namespace Depthwise.Tests.Infrastructure;

/// <summary>What a child test run reported.</summary>
/// <param name="ExitCode">The child's exit code (0 = every test passed; −1 = timed out).</param>
/// <param name="Passed">Tests passed, from the summary line.</param>
/// <param name="Failed">Tests failed, from the summary line.</param>
/// <param name="Total">Tests run, from the summary line (0 when there was no summary).</param>
/// <param name="Output">Everything the child printed.</param>
public sealed record IsaTierResult(int ExitCode, int Passed, int Failed, int Total, string Output);
