namespace EndToEnd.Tests.Faults;

/// <summary>An order the client was told exists (201), and when it was told so.</summary>
public sealed record AcceptedOrder(string Id, long Number, TimeSpan FirstSentAt, TimeSpan AcceptedAt, int Attempts);
