using System.Text.RegularExpressions;
using k8s.Models;

namespace Deployment.Tests;

/// <summary>The production overlay's engines, telemetry, alerts and migrations.</summary>
public sealed partial class ProductionTests
{
    private static readonly string[] DatabaseOwners = ["identity", "users", "orders", "notifications"];

    [Fact]
    public async Task PostgreSQL_and_RabbitMQ_are_replicated_operator_clusters()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        Assert.Empty(rendered.OfType<V1StatefulSet>());
        foreach (var owner in DatabaseOwners)
        {
            var cluster = Assert.Single(rendered.Documents, d => d.ApiVersion == "postgresql.cnpg.io/v1" && d.Kind == "Cluster" && d.Name == $"{owner}-db");
            var spec = Map(cluster.Data["spec"]);
            Assert.True(int.Parse((string)spec["instances"], System.Globalization.CultureInfo.InvariantCulture) >= 2);
            var initdb = Map(Map(spec["bootstrap"])["initdb"]);
            Assert.Equal($"{owner}db", initdb["database"]);
            Assert.Equal(owner, initdb["owner"]);
        }

        var broker = Assert.Single(rendered.Documents, d => d.ApiVersion == "rabbitmq.com/v1beta1" && d.Kind == "RabbitmqCluster");
        Assert.Equal("messaging", broker.Name);
        Assert.True(int.Parse((string)Map(broker.Data["spec"])["replicas"], System.Globalization.CultureInfo.InvariantCulture) >= 3);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task The_storefront_signs_in_at_the_public_address_the_gateway_serves_it_on(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var settings = Assert.Single(rendered.OfType<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("backend-config-", StringComparison.Ordinal)).Data;
        var publicUrl = new Uri(settings["Identity__Issuer"]);
        Assert.Equal(new Uri(publicUrl, "/callback").AbsoluteUri, settings["Identity__Clients__Web__RedirectUris__0"]);
        Assert.Equal(new Uri(publicUrl, "/").AbsoluteUri, settings["Identity__Clients__Web__PostLogoutRedirectUris__0"]);
    }

    [Fact]
    public async Task The_services_export_telemetry_to_the_collector()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        var settings = Assert.Single(rendered.OfType<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("backend-config-", StringComparison.Ordinal)).Data;
        var endpoint = new Uri(settings["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var collector = Assert.Single(rendered.OfType<V1Service>(), s => s.Metadata.Name == endpoint.Host);
        Assert.Contains(collector.Spec.Ports, p => p.Port == endpoint.Port);
        Assert.Contains(rendered.OfType<V1Deployment>(), d => d.Metadata.Name == "otel-collector");
        foreach (var service in Overlays.Services)
        {
            var env = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == service).Spec.Template.Spec.Containers.Single().Env;
            Assert.Equal(service, Assert.Single(env, e => e.Name == "OTEL_SERVICE_NAME").Value);
        }
    }

    [Fact]
    public async Task The_alerts_cover_the_runbook_and_name_metrics_the_code_emits()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");
        var rules = Assert.Single(rendered.Documents, d => d.Kind == "PrometheusRule");
        var alerts = ((List<object>)Map(rules.Data["spec"])["groups"]).SelectMany(g => (List<object>)Map(g)["rules"]).Select(Map).ToList();
        var runbook = await File.ReadAllTextAsync(RepositoryRoot.Combine("docs", "runbook.md"), TestContext.Current.CancellationToken);

        // The failures the issue names, each with at least one alert.
        string[] covered = ["Outbox", "ErrorQueue", "Gateway5xx", "Email", "SigningCertificate"];
        Assert.All(covered, topic => Assert.Contains(alerts, a => ((string)a["alert"]).Contains(topic, StringComparison.Ordinal)));

        var emitted = EmittedInstrumentNames();
        foreach (var alert in alerts)
        {
            var expression = (string)alert["expr"];
            foreach (var metric in OwnMetric().Matches(expression).Select(m => m.Value).Distinct())
            {
                Assert.True(emitted.Contains(WithoutPrometheusSuffixes(metric)), $"{alert["alert"]}: {metric} is not an instrument of the code");
            }

            // Every alert points at a runbook section that exists.
            var anchor = ((string)Map(alert["annotations"])["runbook_url"]).Split('#')[1];
            Assert.Contains($"## {anchor.Replace('-', ' ')}", runbook.ToLowerInvariant(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Migrations_run_as_Jobs_with_each_services_settings_and_pods_only_verify()
    {
        var rendered = await RenderedOverlay.LoadAsync("production");

        var settings = Assert.Single(rendered.OfType<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("backend-config-", StringComparison.Ordinal)).Data;
        Assert.Equal("Verify", settings["Database__Migrations"]);
        foreach (var owner in DatabaseOwners)
        {
            var job = Assert.Single(rendered.OfType<V1Job>(), j => j.Metadata.Name == $"{owner}-migrate").Spec.Template.Spec;
            var pod = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == owner).Spec.Template.Spec;
            var migrate = job.Containers.Single();
            var service = pod.Containers.Single();
            Assert.Equal(service.Image, migrate.Image);
            Assert.Equal("Only", Assert.Single(migrate.Env, e => e.Name == "Database__Migrations").Value);
            // The Job must configure the service exactly as its pods are, or the service would not start to migrate.
            Assert.Equal(Describe(service.Env), Describe(migrate.Env.Where(e => e.Name != "Database__Migrations")));
            Assert.Equal(service.EnvFrom.Select(e => e.ConfigMapRef.Name), migrate.EnvFrom.Select(e => e.ConfigMapRef.Name));
            Assert.Equal(Describe(pod.Volumes), Describe(job.Volumes));
        }
    }

    /// <summary>The instrument names the services define (string literals "backend.…" in the code), as Prometheus spells them.</summary>
    private static HashSet<string> EmittedInstrumentNames()
    {
        var sources = Directory.EnumerateFiles(RepositoryRoot.Path, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return sources.SelectMany(path => InstrumentLiteral().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value.Replace('.', '_'))).ToHashSet();
    }

    /// <summary>The collector's exporter adds the unit and _total (counters) or _bucket/_count/_sum (histograms) to a name.</summary>
    private static string WithoutPrometheusSuffixes(string prometheusName) => PrometheusSuffixes().Replace(prometheusName, "");

    private static string Describe<T>(IEnumerable<T>? items) => string.Join('\n', (items ?? []).Select(item => k8s.KubernetesYaml.Serialize(item)));

    internal static IDictionary<object, object> Map(object value) => (IDictionary<object, object>)value;

    [GeneratedRegex(@"\bbackend_[a-z_]+")]
    private static partial Regex OwnMetric();

    [GeneratedRegex("\"(backend\\.[a-z_.]+)\"")]
    private static partial Regex InstrumentLiteral();

    [GeneratedRegex("(_milliseconds|_seconds)?(_total|_bucket|_count|_sum)?$")]
    private static partial Regex PrometheusSuffixes();
}
