namespace Depthwise.Tests.Infrastructure;

/// <summary>
/// Every kernel test again, once per fallback tier, in a child process with that instruction set disabled.
/// Not in the Kernel category itself, so the child never starts children of its own.
/// </summary>
[Trait("Category", "IsaTier")]
public class IsaTierTests
{
    public static TheoryData<string> Tiers() => new(IsaTierRunner.Tiers.Keys);

    [Theory]
    [MemberData(nameof(Tiers))]
    public void KernelTestsPassWithTheInstructionSetDisabled(string tier)
    {
        var switchedOff = IsaTierRunner.Tiers[tier];
        var result = IsaTierRunner.Run("Kernel", switchedOff, TimeSpan.FromMinutes(5));
        var environmentVariable = string.Join(", ", switchedOff);

        Assert.True(result.ExitCode == 0, $"{environmentVariable}=0: child exited with {result.ExitCode}.\n{result.Output}");
        Assert.True(result.Total > 0 && result.Failed == 0, $"{environmentVariable}=0: child ran {result.Total} tests, {result.Failed} failed.\n{result.Output}");
    }
}
