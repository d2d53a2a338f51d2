namespace ServiceDefaults.Telemetry;

/// <summary>Headers that carry a trace id to people: a client or an email quoting it leads to the whole trace.</summary>
public static class TraceHeaders
{
    /// <summary>The W3C trace id of the request (the same value as <c>trace_id</c> in problems).</summary>
    public const string TraceId = "X-Trace-Id";
}
