namespace EndToEnd.Tests.RollingRestarts;

/// <summary>One instance restarted: from the restart command until the new process answered its own readiness probe.</summary>
/// <param name="ConnectionsAtStop">
/// The connections (the gateway's, through Aspire's proxy) it held open when it was told to stop: what its drain had to hand
/// over. The gateway multiplexes its requests over few connections, so an instance may hold none.
/// </param>
/// <param name="ExitCode">The old process's: 0 after an orderly stop; not 0 when the orchestrator killed it, still running 6 s after SIGTERM.</param>
/// <param name="StoppedAfter">From the restart command until the old process had exited.</param>
public sealed record ReplicaRestart(string Service, string Instance, TimeSpan Started, TimeSpan Ready, int? ConnectionsAtStop, int? ExitCode,
    TimeSpan? StoppedAfter)
{
    public TimeSpan Took => Ready - Started;

    /// <summary>Whether a request was in flight at some moment of the restart.</summary>
    public bool Overlaps(TrafficSample sample) => sample.SentAt < Ready && sample.EndedAt > Started;
}
