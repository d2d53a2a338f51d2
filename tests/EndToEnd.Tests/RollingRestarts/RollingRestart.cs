using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Backend.Testing;

namespace EndToEnd.Tests.RollingRestarts;

/// <summary>
/// Restarts a replicated service one instance at a time, as a rolling update does: an instance gets Aspire's restart
/// command (an orderly stop, SIGTERM, then a new process), and the next one only once the new process answers its own
/// readiness probe (on its own port, not through the proxy that spreads calls over the instances).
/// </summary>
public sealed class RollingRestart(BackendApp app, Stopwatch clock)
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    public async Task<IReadOnlyList<ReplicaRestart>> RestartAsync(string service, int replicas, CancellationToken ct)
    {
        var instances = await InstancesAsync(service, replicas, ct);
        var restarts = new List<ReplicaRestart>();
        foreach (var instance in instances)
        {
            var before = Pid(instance);
            var served = ProxiedPort(instance) is { } port ? TcpConnections.AcceptedOn(port) : (int?)null;
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var exit = ExitAsync(instance, watching.Token);
            var started = clock.Elapsed;
            var result = await app.App.ResourceCommands.ExecuteCommandAsync(instance, KnownResourceCommands.RestartCommand, ct);
            if (!result.Success)
            {
                throw new InvalidOperationException($"Could not restart {instance}: {result.Message}");
            }

            await WaitUntilReadyAsync(instance, before, ct);
            var ready = clock.Elapsed;
            await watching.CancelAsync();
            var (exitCode, exitedAt) = await exit;
            restarts.Add(new ReplicaRestart(service, instance, started, ready, served, exitCode, exitedAt - started));
        }

        return restarts;
    }

    /// <summary>How the old process ended (its exit code, and when on the test's clock), as the orchestrator reported it.</summary>
    private async Task<(int? Code, TimeSpan? At)> ExitAsync(string instance, CancellationToken ct)
    {
        try
        {
            // Subscribed before the restart command runs; a running process has no exit code yet.
            await foreach (var update in app.App.ResourceNotifications.WatchAsync(ct))
            {
                if (update.ResourceId == instance && update.Snapshot.ExitCode is { } code)
                {
                    return (code, clock.Elapsed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The new process is ready: no exit was reported for the old one.
        }

        return (null, null);
    }

    /// <summary>
    /// The instances' ids (the name and a suffix: "users-abcdwxyz"), the handle of per-instance commands. Aspire lists
    /// them only internally; its notifications name each one, and start with every resource's latest state.
    /// </summary>
    private async Task<IReadOnlyList<string>> InstancesAsync(string service, int replicas, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var update in app.App.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (update.Resource.Name == service && ids.Add(update.ResourceId) && ids.Count == replicas)
                {
                    return [.. ids];
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Fewer instances than expected: said below.
        }

        throw new InvalidOperationException($"{service} has {ids.Count} instance(s) ({string.Join(", ", ids)}), not {replicas}.");
    }

    /// <summary>Until a new process of <paramref name="instance"/> runs and its readiness endpoint answers 200.</summary>
    private async Task WaitUntilReadyAsync(string instance, int? before, CancellationToken ct)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (!app.App.ResourceNotifications.TryGetCurrentState(instance, out var state)
                || state.Snapshot.State?.Text != KnownResourceStates.Running || Pid(instance) is not { } pid || pid == before
                || ReadinessUrl(state.Snapshot) is not { } ready)
            {
                return false;
            }

            try
            {
                using var response = await probe.GetAsync(ready, ct);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // not listening yet
            }
        }, ReadyWithin, $"{instance} runs again and is ready", TimeSpan.FromMilliseconds(200), ct);
    }

    private int? Pid(string instance) =>
        app.App.ResourceNotifications.TryGetCurrentState(instance, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString() is { } text
        && int.TryParse(text, out var pid) ? pid : null;

    /// <summary>The instance's own port for the gateway's cleartext HTTP/2 (none for the worker, which the gateway never calls).</summary>
    private int? ProxiedPort(string instance) =>
        app.App.ResourceNotifications.TryGetCurrentState(instance, out var state)
        && state.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "Kestrel__Endpoints__h2c__Url")?.Value is { } url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Port : null;

    /// <summary>The instance's own HTTP/1.1 endpoint (the AppHost hands each replica its port in Kestrel's settings or ASPNETCORE_URLS).</summary>
    private static Uri? ReadinessUrl(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "Kestrel__Endpoints__http__Url")?.Value
            ?? snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && Uri.TryCreate(first, UriKind.Absolute, out var root) ? new Uri(root, "/health/ready") : null;
    }
}
