using k8s.Models;

namespace Deployment.Tests;

/// <summary>Each overlay renders, and every resource of Kubernetes' own kinds reads strictly with the official client.</summary>
public sealed class RenderingTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_overlay_renders_and_its_built_in_resources_parse_strictly(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.NotEmpty(rendered.Documents);
        var untyped = rendered.Documents.Where(d => d.Typed is null).Select(d => $"{d.ApiVersion} {d}").ToList();
        // Only the operators' and Prometheus' custom resources are read as generic YAML.
        Assert.All(untyped, resource => Assert.Matches(@"^(postgresql\.cnpg\.io|rabbitmq\.com|monitoring\.coreos\.com)/", resource));
        var deployments = rendered.OfType<V1Deployment>().Select(d => d.Metadata.Name).ToHashSet();
        Assert.Superset(Overlays.Services.ToHashSet(), deployments);
    }

    [Fact]
    public void An_unknown_field_fails_the_strict_read()
    {
        // The guard itself: a misspelt field (readinesProbe) must not pass silently as it would in a lax read.
        const string yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i:1\n      readinesProbe: {}\n";

        Assert.ThrowsAny<Exception>(() => k8s.KubernetesYaml.LoadAllFromString(yaml, strict: true));
        Assert.Single(k8s.KubernetesYaml.LoadAllFromString(yaml, strict: false));
    }
}
