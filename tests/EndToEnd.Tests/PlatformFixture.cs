using Backend.Testing;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.PlatformFixture))]

namespace EndToEnd.Tests;

/// <summary>One running system (the real AppHost, process mode) shared by the tests of this assembly that do not break it.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public string ServiceSecret { get; } = SystemUnderTest.NewSecret();

    public async ValueTask InitializeAsync() =>
        _app = await BackendApp.StartAsync(new BackendAppOptions { ExtraArguments = SystemUnderTest.Arguments(ServiceSecret) },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
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
