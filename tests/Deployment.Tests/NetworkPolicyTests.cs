using k8s.Models;

namespace Deployment.Tests;

/// <summary>Only the gateway is reachable from outside; each service only from its callers; each database only from its owner.</summary>
public sealed class NetworkPolicyTests
{
    /// <summary>Who may call whom: the gateway proxies to the three HTTP services, the APIs fetch Identity's keys.</summary>
    private static readonly Dictionary<string, string[]> Callers = new()
    {
        ["identity"] = ["gateway", "users", "orders"],
        ["users"] = ["gateway"],
        ["orders"] = ["gateway"],
        ["notifications"] = [],
    };

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Ingress_is_denied_unless_a_policy_allows_it(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.Contains(rendered.OfType<V1NetworkPolicy>(), p => p.Spec.PodSelector.MatchLabels is null or { Count: 0 }
            && p.Spec.PodSelector.MatchExpressions is null or { Count: 0 }
            && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 });
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Only_the_gateway_is_open_beyond_its_own_callers(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (service, callers) in Callers)
        {
            var labels = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service).Spec.Template.Metadata.Labels;
            var sources = rendered.OfType<V1NetworkPolicy>()
                .Where(p => WorkloadRuleTests.Selects(p.Spec.PodSelector, labels) && p.Spec.PodSelector.MatchLabels.Count > 0)
                .SelectMany(p => p.Spec.Ingress ?? [])
                .SelectMany(rule => rule.FromProperty is null or { Count: 0 } ? [null] : rule.FromProperty)
                .ToList();
            Assert.DoesNotContain(null, sources);
            Assert.All(sources, peer => Assert.Null(peer!.NamespaceSelector));
            Assert.All(sources, peer => Assert.Null(peer!.IpBlock));
            var allowed = sources.Select(peer => peer!.PodSelector.MatchLabels["app.kubernetes.io/name"]).ToHashSet();
            Assert.Equal(callers.ToHashSet(), allowed);
        }
    }

    [Fact]
    public async Task In_production_the_gateway_is_reached_only_through_the_ingress_controller()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        var gatewayPolicy = Assert.Single(rendered.OfType<V1NetworkPolicy>(), p => Selected(p, "app.kubernetes.io/name") == "gateway");
        var peer = Assert.Single(Assert.Single(gatewayPolicy.Spec.Ingress).FromProperty);
        Assert.Equal("ingress-nginx", peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        var ingress = Assert.Single(rendered.OfType<V1Ingress>());
        Assert.Equal("gateway", Assert.Single(Assert.Single(ingress.Spec.Rules).Http.Paths).Backend.Service.Name);
        Assert.NotEmpty(Assert.Single(ingress.Spec.Tls).SecretName);
    }

    [Fact]
    public async Task In_production_each_database_takes_connections_only_from_its_owner()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        foreach (var owner in new[] { "identity", "users", "orders", "notifications" })
        {
            var policy = Assert.Single(rendered.OfType<V1NetworkPolicy>(), p => Selected(p, "cnpg.io/cluster") == $"{owner}-db");
            var postgresRule = Assert.Single(policy.Spec.Ingress, rule => rule.Ports?.Any(p => p.Port.Value == "5432") == true);
            var peer = Assert.Single(postgresRule.FromProperty);
            Assert.Equal([owner, $"{owner}-migrate"], Assert.Single(peer.PodSelector.MatchExpressions).Values);
        }
    }

    private static string? Selected(V1NetworkPolicy policy, string label) =>
        policy.Spec.PodSelector.MatchLabels is { } labels && labels.TryGetValue(label, out var value) ? value : null;
}
