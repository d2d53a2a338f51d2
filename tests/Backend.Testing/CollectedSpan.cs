namespace Backend.Testing;

/// <summary>
/// One exported span: enough of it to group spans into traces and tell where they came from (of its attributes, only
/// those in <see cref="OtlpCollector.KeptAttributes"/>: a test run exports hundreds of thousands of spans).
/// </summary>
public sealed record CollectedSpan(string Service, string Scope, string Name, string TraceId, string SpanId, string? ParentSpanId, int Kind,
    DateTimeOffset Start, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> LinkedTraceIds)
{
    public bool IsRoot => ParentSpanId is null;

    public override string ToString() =>
        $"{Start:HH:mm:ss.fff} {Service} [{Scope}] {Name} trace {TraceId}{string.Concat(Attributes.Select(a => $" {a.Key}={a.Value}"))}";
}
