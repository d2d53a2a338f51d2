namespace Backend.Testing;

/// <summary>
/// What every fixture that runs the AppHost does: start it with only the resources the fixture needs, then the
/// fixture's own set-up (accounts, clients), and at the end tear that down and stop the app. A start that fails
/// carries the failing resource's last log lines (<see cref="BackendApp.StartAsync"/>); a set-up that fails after
/// the start carries the last log lines of every resource.
/// </summary>
/// <remarks>
/// This library has no test framework in it (the benchmark uses it too): a fixture adds xunit's IAsyncLifetime
/// itself, with <c>InitializeAsync() =&gt; StartAsync(TestContext.Current.CancellationToken)</c>; the
/// <see cref="DisposeAsync"/> here completes it.
/// </remarks>
public abstract class BackendFixture : IAsyncDisposable
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException($"{GetType().Name}: the app has not started.");

    /// <summary>What to start (<see cref="BackendAppOptions.Only"/>: the resources the fixture's tests use).</summary>
    protected abstract BackendAppOptions Options { get; }

    protected async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _app = await BackendApp.StartAsync(Options, cancellationToken);
        try
        {
            await SetUpAsync(_app, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"{GetType().Name}: the app started, but the fixture's set-up failed: {e.Message}{Environment.NewLine}{_app.RecentLogs()}", e);
        }
    }

    /// <summary>The fixture's own set-up, once the app is healthy.</summary>
    protected virtual Task SetUpAsync(BackendApp app, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Releases what <see cref="SetUpAsync"/> made (clients, connections), before the app stops.</summary>
    protected virtual ValueTask TearDownAsync() => ValueTask.CompletedTask;

    /// <summary>Releases what the fixture keeps beyond the app (a telemetry collector), once every process has stopped.</summary>
    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;

    /// <summary>Tears down the fixture's own things, then stops the app (every process it started) and deletes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await TearDownAsync();
        }
        finally
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            await AfterStopAsync();
        }

        GC.SuppressFinalize(this);
    }
}
