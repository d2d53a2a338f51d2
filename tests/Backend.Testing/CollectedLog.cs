namespace Backend.Testing;

/// <summary>One exported log record (OTLP severity numbers: 13-16 warning, 17-20 error, 21-24 fatal).</summary>
public sealed record CollectedLog(string Service, string Category, int Severity, string Body, DateTimeOffset Time)
{
    public bool IsWarningOrWorse => Severity >= 13;

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Service} [{Category}] severity {Severity}: {Body}";
}
