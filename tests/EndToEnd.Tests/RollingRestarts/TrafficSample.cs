namespace EndToEnd.Tests.RollingRestarts;

/// <summary>
/// One request of the steady traffic: what it was, when it was sent on the test's clock, how long it took and how it
/// ended (a status code, or the transport error). <paramref name="Failed"/>: anything but a success or a business answer.
/// </summary>
public sealed record TrafficSample(string Kind, TimeSpan SentAt, TimeSpan Latency, string Outcome, bool Failed, string? Detail)
{
    public TimeSpan EndedAt => SentAt + Latency;
}
