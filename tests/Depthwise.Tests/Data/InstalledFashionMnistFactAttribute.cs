using Depthwise.Data;

namespace Depthwise.Tests.Data;

/// <summary>
/// A fact that reads the Fashion-MNIST files Debian's <c>dataset-fashion-mnist</c> installs: skipped with the install
/// command on a developer's machine without them, run (and failing with that command) when CI=true.
/// </summary>
internal sealed class InstalledFashionMnistFactAttribute : FactAttribute
{
    public InstalledFashionMnistFactAttribute()
    {
        var installed = File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "t10k-images-idx3-ubyte.gz"))
            || File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "t10k-images-idx3-ubyte"));
        if (!installed && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Fashion-MNIST is not installed ({FashionMnist.InstallCommand}); CI runs this test.";
        }
    }
}
