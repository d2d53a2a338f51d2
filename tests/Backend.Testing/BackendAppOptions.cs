namespace Backend.Testing;

/// <summary>What to start: the whole AppHost, or only some of its resources (infrastructure for a service test).</summary>
public sealed record BackendAppOptions
{
    /// <summary>
    /// Resource names to keep, with what they wait for and reference (their databases, the broker, Identity.Service);
    /// null keeps everything. The public entry point (the gateway) comes along only when named: the services carry
    /// its URL only as the issuer of their tokens, and without it they get <see cref="BackendApp.PublicUrl"/>'s stand-in.
    /// </summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// Settings given to a service on top of the AppHost's, by resource name (e.g. a shorter timing a test waits out),
    /// as environment variables ("Section__Key").
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ServiceSettings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>A data folder to reuse (kept after the app stops); by default a fresh one is made and deleted.</summary>
    public string? DataDirectory { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>An OTLP receiver (HTTP/protobuf, e.g. <see cref="OtlpCollector"/>) the services export to; by default they export nothing.</summary>
    public Uri? TelemetryEndpoint { get; init; }

    /// <summary>
    /// A file that gets the host's whole log, Information and above: Aspire's own and every resource's output (a
    /// program's console that wants its own lines only, e.g. the benchmark). The console then keeps the host's own
    /// warnings, without the resources' output and without the health probes that fail while the servers start.
    /// Null (the default): no file, and warnings and errors, the resources' included, reach the console.
    /// </summary>
    public string? LogFile { get; init; }
}
