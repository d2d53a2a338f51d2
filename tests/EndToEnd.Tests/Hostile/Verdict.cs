namespace EndToEnd.Tests.Hostile;

/// <summary>
/// How a probe was answered: by the application (through the gateway's pipeline), by Kestrel itself before
/// any middleware ran (a bare 400, 405, 413, 414, 431...: a protocol-level rejection), or not at all (connection closed).
/// </summary>
internal sealed record Verdict(string Kind, string Format, IReadOnlyList<Violation> Violations)
{
    public const string App = "application";
    public const string Protocol = "protocol-level";
    public const string NoResponse = "no response";
}
