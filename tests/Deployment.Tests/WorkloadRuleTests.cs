using System.Text.RegularExpressions;
using k8s.Models;

namespace Deployment.Tests;

/// <summary>The rules every workload of every overlay follows (issue 17): probes, limits, restricted pods, pinned images, PDBs.</summary>
public sealed partial class WorkloadRuleTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_long_running_container_has_startup_readiness_and_liveness_probes(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var missing = LongRunning(rendered)
            .SelectMany(w => w.Pod.Containers.Select(c => (w.Workload, Container: c)))
            .Where(x => x.Container.StartupProbe is null || x.Container.ReadinessProbe is null || x.Container.LivenessProbe is null)
            .Select(x => $"{x.Workload} {x.Container.Name}");
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_services_probe_their_health_endpoints(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var service in Overlays.Services)
        {
            var container = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service).Spec.Template.Spec.Containers.Single();
            Assert.Equal("/health/live", container.StartupProbe.HttpGet.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
        }
    }

    /// <summary>
    /// The connection strings each service refuses to start without (ServiceDefaults' RequiredSettings: its database,
    /// and the broker, cache and SMTP server it uses), as the AppHost gives them.
    /// </summary>
    public static TheoryData<string, string, string> RequiredConnections()
    {
        var data = new TheoryData<string, string, string>();
        var required = new Dictionary<string, string[]>
        {
            ["identity"] = ["identitydb", "messaging"],
            ["users"] = ["usersdb", "cache", "messaging"],
            ["orders"] = ["ordersdb", "cache", "messaging"],
            ["notifications"] = ["notificationsdb", "messaging", "mail"],
        };
        foreach (var overlay in new[] { "dev", "production" })
        {
            foreach (var (service, connections) in required)
            {
                foreach (var connection in connections)
                {
                    data.Add(overlay, service, connection);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredConnections))]
    public async Task Every_service_gets_each_connection_string_it_needs_to_start(string overlay, string service, string connection)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var container = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service).Spec.Template.Spec.Containers.Single();
        Assert.Contains(container.Env, e => e.Name == $"ConnectionStrings__{connection}");
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_container_requests_and_is_limited_in_cpu_and_memory(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var unbounded = Containers(rendered)
            .Where(x => !HasBoth(x.Container.Resources?.Requests) || !HasBoth(x.Container.Resources?.Limits))
            .Select(x => $"{x.Workload} {x.Container.Name}");
        Assert.Empty(unbounded);

        static bool HasBoth(IDictionary<string, ResourceQuantity>? quantities) =>
            quantities is not null && quantities.ContainsKey("cpu") && quantities.ContainsKey("memory");
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_pod_is_restricted_non_root_read_only_and_without_capabilities(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var violations = new List<string>();
        foreach (var (workload, pod) in rendered.PodTemplates())
        {
            if (pod.SecurityContext?.RunAsNonRoot != true || pod.SecurityContext.RunAsUser is null or 0)
            {
                violations.Add($"{workload}: runAsNonRoot with a non-zero runAsUser");
            }

            if (pod.SecurityContext?.SeccompProfile?.Type != "RuntimeDefault")
            {
                violations.Add($"{workload}: seccompProfile RuntimeDefault");
            }

            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                var context = container.SecurityContext;
                if (context?.AllowPrivilegeEscalation != false || context.ReadOnlyRootFilesystem != true
                    || context.Capabilities?.Drop?.Contains("ALL") != true || context.Capabilities.Add is { Count: > 0 })
                {
                    violations.Add($"{workload} {container.Name}: no privilege escalation, read-only root, capabilities ALL dropped");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_image_has_a_pinned_tag(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var images = Containers(rendered).Select(x => x.Container.Image)
            .Concat(rendered.Documents.Where(d => d.Kind == "RabbitmqCluster").Select(d => (string)((IDictionary<object, object>)d.Data["spec"])["image"]))
            .Concat(rendered.Documents.Where(d => d.Kind == "Cluster").Select(d => (string)((IDictionary<object, object>)d.Data["spec"])["imageName"]))
            .ToList();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.Matches(PinnedImage(), image));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_Deployment_has_a_PodDisruptionBudget_for_its_pods(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var budgets = rendered.OfType<V1PodDisruptionBudget>().ToList();

        var unprotected = rendered.OfType<V1Deployment>()
            .Where(d => !budgets.Any(b => Selects(b.Spec.Selector, d.Spec.Template.Metadata.Labels)))
            .Select(d => d.Metadata.Name);
        Assert.Empty(unprotected);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_stateless_services_run_two_replicas_or_more_and_scale_on_cpu(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var autoscalers = rendered.OfType<V2HorizontalPodAutoscaler>().ToDictionary(h => h.Spec.ScaleTargetRef.Name);

        foreach (var service in Overlays.Services)
        {
            var deployment = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service);
            Assert.True(deployment.Spec.Replicas >= 2, $"{service}: {deployment.Spec.Replicas} replica(s)");
            Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
            Assert.True(autoscalers.TryGetValue(service, out var autoscaler), $"{service} has no HorizontalPodAutoscaler");
            Assert.True(autoscaler.Spec.MinReplicas >= 2);
            Assert.Contains(rendered.OfType<V1Service>(), s => s.Metadata.Name == service);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_grace_period_covers_the_pause_before_stopping_and_the_services_drain(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var drain = ServicesDrainSeconds();

        foreach (var service in Overlays.Services)
        {
            var pod = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service).Spec.Template.Spec;
            var pause = pod.Containers.Single().Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            Assert.True(pause > 0, $"{service}: no preStop pause; the endpoints would still send requests to a stopping pod");
            Assert.True(pod.TerminationGracePeriodSeconds >= pause + drain,
                $"{service}: grace {pod.TerminationGracePeriodSeconds} s < preStop {pause} s + drain {drain} s");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_ConfigMap_a_pod_reads_is_in_the_overlay(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var configMaps = rendered.OfType<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();

        var referenced = rendered.PodTemplates().SelectMany(w => w.Pod.Containers.SelectMany(c =>
                (c.EnvFrom ?? []).Select(e => e.ConfigMapRef?.Name)
                .Concat((c.Env ?? []).Select(e => e.ValueFrom?.ConfigMapKeyRef?.Name)))
            .Concat((w.Pod.Volumes ?? []).Select(v => v.ConfigMap?.Name))
            .OfType<string>().Select(name => $"{w.Workload} -> {name}"));
        Assert.All(referenced, reference => Assert.Contains(reference.Split(" -> ")[1], configMaps));
    }

    private static IEnumerable<(string Workload, V1PodSpec Pod)> LongRunning(RenderedOverlay rendered) =>
        rendered.PodTemplates().Where(w => !w.Workload.StartsWith("Job/", StringComparison.Ordinal));

    private static IEnumerable<(string Workload, V1Container Container)> Containers(RenderedOverlay rendered) =>
        rendered.PodTemplates().SelectMany(w => w.Pod.Containers.Concat(w.Pod.InitContainers ?? []).Select(c => (w.Workload, c)));

    internal static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchLabels is { Count: > 0 } wanted && selector.MatchExpressions is null or { Count: 0 }
        && wanted.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value);

    /// <summary>The host's ShutdownTimeout, read from ServiceDefaults so that a change there fails here until the manifests follow.</summary>
    private static int ServicesDrainSeconds()
    {
        var source = File.ReadAllText(RepositoryRoot.Combine("ServiceDefaults", "Core", "Extensions.cs"));
        return int.Parse(ShutdownTimeout().Match(source).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"ShutdownTimeout = TimeSpan\.FromSeconds\((\d+)\)")]
    private static partial Regex ShutdownTimeout();

    /// <summary>A repository and an explicit tag that is not "latest" (a digest would do too).</summary>
    [GeneratedRegex(@"^[a-z0-9./_-]+(:(?!latest$)[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$")]
    private static partial Regex PinnedImage();
}
