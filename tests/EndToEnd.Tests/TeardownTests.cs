using Aspire.Hosting.ApplicationModel;
using Backend.Testing;

namespace EndToEnd.Tests;

public sealed class TeardownTests
{
    /// <summary>
    /// Stops a whole app of its own and checks that every process it ran (servers, their children, the
    /// services) is gone: a Ctrl+C or a test teardown must not leave postgres, redis-server, beam.smp,
    /// epmd or smtp4dev running.
    /// </summary>
    [Fact(Timeout = 360_000)]
    public async Task Stopping_the_app_leaves_no_process_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await BackendApp.StartAsync(cancellationToken: ct);
        var dataDirectory = app.DataDirectory;
        HashSet<int> started;
        try
        {
            started = ProcessTable.ResourceProcesses(app.App.ResourceNotifications, app.App.Services.GetRequiredService<DistributedApplicationModel>());
            started.UnionWith(ProcessTable.WorkingIn(dataDirectory));
            started = ProcessTable.WithDescendants(started);
            Assert.Contains(started, pid => ProcessTable.Name(pid) == "postgres");
            Assert.Contains(started, pid => ProcessTable.Name(pid) == "beam.smp");
            Assert.Contains(started, pid => ProcessTable.Name(pid) == "redis-server");
            Assert.Contains(started, pid => ProcessTable.Name(pid) == "epmd");
            Assert.Contains(started, pid => ProcessTable.Name(pid).StartsWith("Rnwood.Smtp4de", StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
        }

        var survivors = started;
        for (var waited = 0; waited < 60 && survivors.Count > 0; waited++)
        {
            await Task.Delay(500, ct);
            survivors = [.. survivors.Where(ProcessTable.IsAlive)];
        }

        Assert.True(survivors.Count == 0,
            "Still running after the app stopped: " + string.Join(", ", survivors.Select(pid => $"{pid} {ProcessTable.Name(pid)}")));
        Assert.Empty(ProcessTable.WorkingIn(dataDirectory));
    }
}

public sealed class CrashRecoveryTests
{
    /// <summary>
    /// The worst crash: the orchestrator dies with the AppHost, so nobody stops the servers and services.
    /// The next run on the same data folder must stop those orphans itself and start cleanly (stale
    /// postmaster.pid, AOF and mnesia files included).
    /// </summary>
    [Fact(Timeout = 360_000)]
    public async Task A_run_after_a_crash_stops_the_orphans_and_starts_on_the_same_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = BackendApp.NewDataDirectory();
        var infrastructureOnly = new BackendAppOptions { DataDirectory = dataDirectory, Only = ["usersdb", "cache", "messaging", "mail"] };
        try
        {
            var crashed = await BackendApp.StartAsync(new BackendAppOptions { DataDirectory = dataDirectory }, ct);
            var orphans = ProcessTable.WithDescendants(ProcessTable.ResourceProcesses(
                crashed.App.ResourceNotifications, crashed.App.Services.GetRequiredService<DistributedApplicationModel>()));
            Assert.Contains(orphans, pid => ProcessTable.Name(pid) == "Users.Service");
            var orchestrator = ProcessTable.OrchestratorOf(orphans);
            Assert.NotEmpty(orchestrator);
            ProcessTable.Kill(orchestrator);
            await Task.Delay(2000, ct);
            Assert.Contains(orphans, ProcessTable.IsAlive); // the servers outlived their orchestrator
            await crashed.DisposeAsync();

            await using var next = await BackendApp.StartAsync(infrastructureOnly, ct);

            Assert.DoesNotContain(orphans, ProcessTable.IsAlive);
            Assert.NotNull(await next.ConnectionStringAsync("usersdb", ct));
        }
        finally
        {
            ProcessTable.Kill(ProcessTable.WorkingIn(dataDirectory)); // whatever happened above, leave no server running
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
