using Backend.Testing;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.PlatformFixture))]

namespace EndToEnd.Tests;

/// <summary>
/// One running system (the real AppHost, process mode) shared by the tests of this assembly that do not break it. Its
/// services export their telemetry to <see cref="Telemetry"/>, from their first start on a fresh data folder.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private BackendApp? _app;
    private OtlpCollector? _telemetry;

    public BackendApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public OtlpCollector Telemetry => _telemetry ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>When every resource had become healthy: what was logged before it was logged by the fresh start.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public string ServiceSecret { get; } = SystemUnderTest.NewSecret();

    public async ValueTask InitializeAsync()
    {
        _telemetry = await OtlpCollector.StartAsync(TestContext.Current.CancellationToken);
        _app = await BackendApp.StartAsync(
            new BackendAppOptions { ExtraArguments = SystemUnderTest.Arguments(ServiceSecret), TelemetryEndpoint = _telemetry.Endpoint },
            TestContext.Current.CancellationToken);
        StartedAt = DateTimeOffset.UtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_telemetry is not null)
        {
            await _telemetry.DisposeAsync();
        }
    }
}

/// <summary>How the end-to-end tests run the AppHost.</summary>
public static class SystemUnderTest
{
    public static string NewSecret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The service client's secret is the test's, and the gateway's per-user and per-IP limits are lifted:
    /// every request here comes from 127.0.0.1 and a few accounts (Gateway.Tests covers the limits).
    /// </summary>
    public static string[] Arguments(string serviceSecret, params string[] more) =>
    [
        $"--Parameters:service-client-secret={serviceSecret}",
        "--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=100000",
        "--Services:gateway:Gateway:RateLimiting:PerUser:TokensPerPeriod=100000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:PermitLimit=100000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:TokensPerPeriod=100000",
        "--Services:gateway:Gateway:RateLimiting:Credentials:PermitLimit=100000",
        .. more,
    ];
}
