using System.Globalization;
using System.Text.RegularExpressions;

namespace Deployment.Tests;

/// <summary>
/// The images themselves, without a Docker daemon: scripts/oci-images.sh publishes every service with PublishContainer
/// onto a loopback registry and runs the gateway's image under runc until /health/live answers.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public sealed partial class ImageTests
{
    [Fact(Timeout = 900_000)]
    public async Task Every_service_publishes_an_image_and_the_gateways_answers_its_liveness_probe_as_a_non_root_user()
    {
        var result = await CommandLine.RunAsync("bash", [RepositoryRoot.Combine("scripts", "oci-images.sh")], TimeSpan.FromMinutes(15));

        Assert.True(result.ExitCode == 0, result.Describe());
        var images = ImageLine().Matches(result.Output).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        TestContext.Current.TestOutputHelper?.WriteLine(result.Output);
        foreach (var service in Overlays.Services)
        {
            Assert.True(images.TryGetValue($"backend/{service}:1.0.0", out var bytes), $"no image for {service}\n{result.Output}");
            // A service's own layer is a few MB; with the runtime and Debian's libraries, well under 300 MB.
            Assert.InRange(bytes, 20_000_000, 300_000_000);
        }

        Assert.Contains("health gateway ok (uid 1654)", result.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^image (\S+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex ImageLine();
}
