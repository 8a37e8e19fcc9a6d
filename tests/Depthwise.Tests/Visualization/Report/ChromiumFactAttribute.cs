namespace Depthwise.Tests.Visualization.Report;

/// <summary>
/// A fact that needs headless Chromium: skipped, with the install command, when the browser is missing on a
/// developer's machine; run (and so failing with that command) when CI=true.
/// </summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null && !HeadlessChromium.RequiredByCi)
        {
            Skip = $"chromium is not installed ({HeadlessChromium.InstallCommand}); CI runs this test.";
        }
    }
}
