using Aspire.Hosting.ApplicationModel;
using Backend.Testing;

namespace EndToEnd.Tests;

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
            // The servers outlive their orchestrator: nothing stops them.
            await Consistently.TrueAsync(() => orphans.Any(ProcessTable.IsAlive), TimeSpan.FromSeconds(2), "the orphans stay up", ct: ct);
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
