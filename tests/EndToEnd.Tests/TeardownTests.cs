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

        await Eventually.WithinAsync(() => !started.Any(ProcessTable.IsAlive), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), ct);
        var survivors = started.Where(ProcessTable.IsAlive).ToList();

        Assert.True(survivors.Count == 0,
            "Still running after the app stopped: " + string.Join(", ", survivors.Select(pid => $"{pid} {ProcessTable.Name(pid)}")));
        Assert.Empty(ProcessTable.WorkingIn(dataDirectory));
    }
}
