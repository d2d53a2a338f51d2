using Backend.Testing;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.PlatformFixture))]

namespace EndToEnd.Tests;

/// <summary>
/// One running system (the real AppHost, process mode), all of it: the journeys, the contracts and the barrage cross
/// every service, the worker and smtp4dev. Shared by the tests of this assembly that do not break it. Its services
/// export their telemetry to <see cref="Telemetry"/>, from their first start on a fresh data folder.
/// </summary>
public sealed class PlatformFixture : BackendFixture, IAsyncLifetime
{
    private OtlpCollector? _telemetry;

    public OtlpCollector Telemetry => _telemetry ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>When every resource had become healthy: what was logged before it was logged by the fresh start.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public string ServiceSecret { get; } = SystemUnderTest.NewSecret();

    protected override BackendAppOptions Options =>
        new() { ExtraArguments = SystemUnderTest.Arguments(ServiceSecret), TelemetryEndpoint = Telemetry.Endpoint };

    public async ValueTask InitializeAsync()
    {
        _telemetry = await OtlpCollector.StartAsync(TestContext.Current.CancellationToken);
        await StartAsync(TestContext.Current.CancellationToken);
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The collector outlives the services, which export until they stop.</summary>
    protected override async ValueTask AfterStopAsync()
    {
        if (_telemetry is not null)
        {
            await _telemetry.DisposeAsync();
        }
    }
}
