using AppHost.Infrastructure;
using k8s.Models;
using static Deployment.Tests.ProductionTests;

namespace Deployment.Tests;

/// <summary>
/// Each service reaches RabbitMQ and Redis as a user of its own in Kubernetes too, with the same permissions as locally
/// (AppHost/Infrastructure/BrokerPermissions.cs, CachePermissions.cs): a change there fails here until the manifests
/// follow. Not provable offline: that the Messaging Topology Operator and the Redis image accept them.
/// </summary>
public sealed class LeastPrivilegeTests
{
    private static readonly string[] CachingServices = [.. CachePermissions.OfServices.Keys];

    /// <summary>The only workloads that may read the administrators' Secrets (messaging-default-user, backend-cache).</summary>
    private static readonly string[] Infrastructure = ["StatefulSet/messaging", "StatefulSet/redis"];

    private static V1Container ContainerOf(RenderedOverlay rendered, string workload) =>
        rendered.PodTemplates().Single(w => w.Workload == workload).Pod.Containers.Single();

    private static string? SecretOf(V1Container container, string variable) =>
        container.Env.SingleOrDefault(e => e.Name == variable)?.ValueFrom?.SecretKeyRef?.Name;

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Each_service_and_its_migration_connect_to_the_broker_and_the_cache_with_credentials_of_their_own(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var service in BrokerPermissions.OfServices.Keys)
        {
            var workloads = rendered.PodTemplates().Where(w => w.Workload == $"Deployment/{service}" || w.Workload == $"Job/{service}-migrate").ToList();
            Assert.NotEmpty(workloads);
            foreach (var (workload, pod) in workloads)
            {
                var container = pod.Containers.Single();
                Assert.Equal($"{service}-messaging", SecretOf(container, "MESSAGING_USERNAME"));
                Assert.Equal($"{service}-messaging", SecretOf(container, "MESSAGING_PASSWORD"));
                Assert.Equal(CachingServices.Contains(service) ? $"{service}-cache" : null, SecretOf(container, "ConnectionStrings__cache"));
            }
        }

        // The administrators' Secrets are the infrastructure's alone.
        var readers = rendered.PodTemplates()
            .Where(w => w.Pod.Containers.SelectMany(c => c.Env ?? []).Any(e => e.ValueFrom?.SecretKeyRef?.Name is "messaging-default-user" or "backend-cache"))
            .Select(w => w.Workload);
        Assert.All(readers, workload => Assert.Contains(workload, Infrastructure));
    }

    [Fact]
    public async Task Production_makes_each_broker_user_with_the_AppHost_s_permissions_through_the_topology_operator()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        foreach (var (service, permissions) in BrokerPermissions.OfServices)
        {
            var user = Assert.Single(rendered.Documents, d => d.ApiVersion == "rabbitmq.com/v1beta1" && d.Kind == "User" && d.Name == $"messaging-{service}");
            var userSpec = Map(user.Data["spec"]);
            Assert.Equal("messaging", Map(userSpec["rabbitmqClusterReference"])["name"]);
            Assert.Equal($"{service}-messaging", Map(userSpec["importCredentialsSecret"])["name"]);
            Assert.False(userSpec.ContainsKey("tags"), $"{service}: a service's user needs no management tag");

            var grant = Assert.Single(rendered.Documents, d => d.ApiVersion == "rabbitmq.com/v1beta1" && d.Kind == "Permission" && d.Name == $"messaging-{service}");
            var grantSpec = Map(grant.Data["spec"]);
            Assert.Equal("/", grantSpec["vhost"]);
            Assert.Equal(user.Name, Map(grantSpec["userReference"])["name"]);
            Assert.Equal("messaging", Map(grantSpec["rabbitmqClusterReference"])["name"]);
            var granted = Map(grantSpec["permissions"]);
            Assert.Equal(permissions, new BrokerPermissions((string)granted["configure"], (string)granted["write"], (string)granted["read"]));
        }

        Assert.Equal(BrokerPermissions.OfServices.Count, rendered.Documents.Count(d => d.Kind is "User" or "Permission") / 2);
    }

    [Fact]
    public async Task Dev_makes_each_broker_user_with_the_AppHost_s_permissions_when_the_broker_starts()
    {
        var rendered = await RenderedOverlay.LoadAsync("dev");
        var broker = ContainerOf(rendered, "StatefulSet/messaging");
        var script = broker.Lifecycle.PostStart.Exec.Command[^1];

        foreach (var (service, permissions) in BrokerPermissions.OfServices)
        {
            var variable = service.ToUpperInvariant();
            Assert.Contains($"user \"${variable}_USERNAME\" \"${variable}_PASSWORD\" '{permissions.Configure}' '{permissions.Write}' '{permissions.Read}'\n",
                script, StringComparison.Ordinal);
            Assert.Equal($"{service}-messaging", SecretOf(broker, $"{variable}_USERNAME"));
            Assert.Equal($"{service}-messaging", SecretOf(broker, $"{variable}_PASSWORD"));
        }

        var syntax = await CommandLine.RunAsync("sh", ["-n", "-c", script], TimeSpan.FromSeconds(10));
        Assert.True(syntax.ExitCode == 0, syntax.Describe());
    }

    [Fact]
    public async Task Dev_Redis_defines_each_cache_user_with_the_AppHost_s_rules()
    {
        var rendered = await RenderedOverlay.LoadAsync("dev");
        var redis = ContainerOf(rendered, "StatefulSet/redis");
        var arguments = string.Join('\n', redis.Args);

        foreach (var (service, permissions) in CachePermissions.OfServices)
        {
            var password = $"CACHE_{service.ToUpperInvariant()}_PASSWORD";
            var definition = string.Join('\n', ["--user", service, .. permissions.RulesWith($"$({password})")]);
            Assert.Contains(definition + "\n", arguments + "\n", StringComparison.Ordinal);
            Assert.Equal($"{service}-cache", SecretOf(redis, password));
        }

        Assert.Equal(CachePermissions.OfServices.Count, redis.Args.Count(a => a == "--user"));
        Assert.Equal("backend-cache", SecretOf(redis, "REDIS_PASSWORD")); // the default user: the administrator's, for probes and redis-cli
    }

    [Fact]
    public async Task The_README_gives_production_s_Redis_the_AppHost_s_rules_for_each_cache_user()
    {
        var readme = await File.ReadAllTextAsync(RepositoryRoot.Combine("README.md"), TestContext.Current.CancellationToken);

        foreach (var (service, permissions) in CachePermissions.OfServices)
        {
            Assert.Contains($"ACL SETUSER {service} {string.Join(' ', permissions.RulesWith("<password>"))}\n", readme, StringComparison.Ordinal);
        }
    }
}
