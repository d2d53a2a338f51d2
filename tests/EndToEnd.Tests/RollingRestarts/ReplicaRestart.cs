namespace EndToEnd.Tests.RollingRestarts;

/// <summary>One instance restarted: from the restart command until the new process answered its own readiness probe.</summary>
public sealed record ReplicaRestart(string Service, string Instance, TimeSpan Started, TimeSpan Ready)
{
    public TimeSpan Took => Ready - Started;

    /// <summary>Whether a request was in flight at some moment of the restart.</summary>
    public bool Overlaps(TrafficSample sample) => sample.SentAt < Ready && sample.EndedAt > Started;
}
