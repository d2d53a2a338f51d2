namespace EndToEnd.Tests.Hostile;

/// <summary>What came back for a probe: its responses (a raw connection may carry several), or why none came.</summary>
internal sealed record Outcome(Probe Probe, IReadOnlyList<Reply> Replies, string? Error, TimeSpan Elapsed);
