namespace Identity.Service.SignInThrottling;

/// <summary>
/// Identity:SignInThrottle. Per address and client: a few free failures, then back-off (a guesser slows to a crawl, the
/// owner waits seconds, never a lockout). Per IP: more free failures (one address behind NAT serves many people), then
/// back-off too, which slows one machine trying many addresses.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "Identity:SignInThrottle";

    public BackoffRule PerAccountAndClient { get; set; } = new() { FreeFailures = 3, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(5) };

    public BackoffRule PerIp { get; set; } = new() { FreeFailures = 100, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(15) };
}
