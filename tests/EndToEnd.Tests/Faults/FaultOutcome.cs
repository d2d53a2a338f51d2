namespace EndToEnd.Tests.Faults;

/// <summary>What one fault did to a stream of orders, as the table prints it.</summary>
public sealed record FaultOutcome(
    Fault Fault,
    TimeSpan RestartTook,
    int Accepted,
    int AcceptedDuringFault,
    int Emails,
    int Duplicates,
    int Lost,
    int DroppedByCatcher,
    int Abandoned,
    TimeSpan? ApiBackAfter,
    TimeSpan? EmailsCaughtUpAfter,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyCollection<string> Violations,
    IReadOnlyCollection<string> Unhealthy)
{
    public TimeSpan? Recovery => ApiBackAfter is { } api && EmailsCaughtUpAfter is { } mail ? (api > mail ? api : mail) : null;
}
