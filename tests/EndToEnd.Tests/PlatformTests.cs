using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Backend.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndToEnd.Tests;

public sealed class PlatformTests(PlatformFixture platform)
{
    private static readonly string[] RequestServing = ["gateway", "identity", "users", "orders"];

    [Fact]
    public void Every_resource_of_the_app_host_is_running_and_healthy()
    {
        var model = platform.App.App.Services.GetRequiredService<DistributedApplicationModel>();
        var notHealthy = new List<string>();
        foreach (var resource in model.Resources.Where(BackendApp.IsStartedWithTheApp))
        {
            if (!platform.App.App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state)
                || state.Snapshot.HealthStatus != HealthStatus.Healthy)
            {
                notHealthy.Add($"{resource.Name}: {state?.Snapshot.State?.Text} / {state?.Snapshot.HealthStatus}");
            }
        }

        Assert.Empty(notHealthy);
        Assert.Contains(model.Resources, r => r.Name == "messaging-epmd");
    }

    /// <summary>
    /// Under load the emails wait in their queue, not the customers: the worker and the mail catcher (standing in for a
    /// relay elsewhere) run at a lower CPU priority than the processes serving requests.
    /// </summary>
    [Fact]
    public void Deferred_work_yields_the_cpu_to_request_serving()
    {
        var model = platform.App.App.Services.GetRequiredService<DistributedApplicationModel>();
        int NicenessOf(string resource) =>
            ProcessTable.Niceness(Assert.Single(ProcessTable.ResourceProcesses(platform.App.App.ResourceNotifications, model.Resources.Where(r => r.Name == resource))));

        var serving = RequestServing.Select(NicenessOf).Distinct().ToList();
        var baseline = Assert.Single(serving);
        Assert.Equal(Math.Min(19, baseline + AppHost.Infrastructure.NiceCommand.Niceness), NicenessOf("notifications"));
        if (model.Resources.Any(r => r.Name == "mail" && r is ExecutableResource))
        {
            Assert.Equal(Math.Min(19, baseline + AppHost.Infrastructure.NiceCommand.Niceness), NicenessOf("mail"));
        }
    }

    [Theory]
    [InlineData("identity", new[] { "IdentityDb" })]
    [InlineData("users", new[] { "UsersDb", "cache", "masstransit-bus" })]
    [InlineData("orders", new[] { "OrdersDb", "cache", "masstransit-bus" })]
    [InlineData("notifications", new[] { "NotificationsDb", "masstransit-bus", "smtp" })]
    [InlineData("gateway", new string[0])]
    public async Task Each_service_is_ready_with_its_own_dependencies_checked(string service, string[] dependencyChecks)
    {
        using var client = platform.App.CreateHttpClient(service, "http");

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service} answered {(int)response.StatusCode}: {body}");
        using var report = JsonDocument.Parse(body);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks");
        foreach (var dependency in dependencyChecks)
        {
            Assert.True(checks.TryGetProperty(dependency, out var check), $"{service} does not check {dependency}");
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Liveness_answers_without_touching_dependencies()
    {
        using var client = platform.App.CreateHttpClient("users", "http");

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["self"], report.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Unknown_paths_answer_problem_details_with_a_trace_id()
    {
        using var client = platform.App.CreateHttpClient("notifications", "http");

        using var response = await client.GetAsync(new Uri("/no/such/path", UriKind.Relative), TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, TestContext.Current.CancellationToken);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("trace_id").GetString());
    }
}
