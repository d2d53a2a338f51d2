namespace Identity.Service.SignInThrottling;

/// <summary>Recent failed sign-ins under one key (an address and client, or an IP address).</summary>
public sealed class SignInThrottleEntry
{
    public required string Key { get; init; }

    public int Failures { get; init; }

    public DateTimeOffset LastFailureAt { get; init; }
}
