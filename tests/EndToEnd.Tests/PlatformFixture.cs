using Backend.Testing;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.PlatformFixture))]

namespace EndToEnd.Tests;

/// <summary>
/// One running system (the real AppHost, process mode), all of it: the journeys, the contracts and the barrage cross
/// every service, the worker and smtp4dev. Shared by the tests of this assembly that do not break it.
/// </summary>
public sealed class PlatformFixture : BackendFixture, IAsyncLifetime
{
    public string ServiceSecret { get; } = SystemUnderTest.NewSecret();

    protected override BackendAppOptions Options => new() { ExtraArguments = SystemUnderTest.Arguments(ServiceSecret) };

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);
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
