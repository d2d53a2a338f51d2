namespace EndToEnd.Tests;

/// <summary>How the end-to-end tests run the AppHost.</summary>
public static class SystemUnderTest
{
    /// <summary>Shorter than the default 30 s, so that the mobile journey sees a replay refused once the leeway is over.</summary>
    public static readonly TimeSpan RefreshTokenReuseLeeway = TimeSpan.FromSeconds(2);

    public static string NewSecret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The service client's secret is the test's, and the gateway's per-user and per-IP limits are lifted, like
    /// Identity.Service's per-IP sign-in throttle (the hostile barrage's failed sign-ins would otherwise slow every later
    /// sign-in) and the orders a customer may place: every request here comes from 127.0.0.1 and a few accounts
    /// (Gateway.Tests, Identity.Service.Tests and Orders.Service.Tests cover the limits).
    /// </summary>
    public static string[] Arguments(string serviceSecret, params string[] more) =>
    [
        $"--Parameters:service-client-secret={serviceSecret}",
        "--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=100000",
        "--Services:gateway:Gateway:RateLimiting:PerUser:TokensPerPeriod=100000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:PermitLimit=100000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:TokensPerPeriod=100000",
        "--Services:gateway:Gateway:RateLimiting:Credentials:PermitLimit=100000",
        "--Services:orders:Orders:Limits:MaxPendingOrders=100000",
        "--Services:orders:Orders:Limits:MaxOrdersPerMinute=100000",
        "--Services:identity:Identity:SignInThrottle:PerIp:FreeFailures=1000000",
        $"--Services:identity:Identity:Tokens:RefreshTokenReuseLeeway={RefreshTokenReuseLeeway:c}",
        .. more,
    ];
}
