using System.Globalization;
using System.Text;

namespace Backend.Bench;

/// <summary>Everything measured in one run, and its Markdown rendering.</summary>
public sealed class BenchReport
{
    public TimeSpan ColdStart { get; set; }

    /// <summary>When each resource of the cold start began running and became healthy (BackendApp's StartTimeline).</summary>
    public string StartTimeline { get; set; } = "";

    public List<(string Section, string Note, List<LoadResult> Results)> Loads { get; } = [];

    public List<(string Name, double P50Ms, double P95Ms, int Runs)> Queries { get; } = [];

    public List<(string Name, string Value, string Target)> Figures { get; } = [];

    /// <summary>What a measured run cost each process per request, shown under its section's table.</summary>
    public List<CpuTable> Cpu { get; } = [];

    /// <summary>Users.Service's trivial endpoint's requests per second, the ceiling the ratios divide by (the users part's, or the orders part's own).</summary>
    public double? TrivialRequestsPerSecond { get; set; }

    public IReadOnlyDictionary<string, (long Resident, long Proportional)> Memory { get; set; } = new Dictionary<string, (long, long)>();

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {Environment.OSVersion.VersionString}, .NET {Environment.Version}; ")
            .AppendLine("the whole system in process mode (PostgreSQL, Redis, RabbitMQ, smtp4dev and the five services on this machine, with the load generator).")
            .AppendLine("Produced by `bench/run.sh`; every ratio compares figures from the same run.").AppendLine();

        text.AppendLine("## Headline figures").AppendLine();
        text.AppendLine("| What | Measured | Target |").AppendLine("| --- | --- | --- |");
        text.AppendLine(c, $"| Cold start (AppHost start to every resource healthy, already built) | {ColdStart.TotalSeconds:F1} s | ≤ 20 s |");
        foreach (var (name, value, target) in Figures)
        {
            text.AppendLine(c, $"| {name} | {value} | {target} |");
        }

        foreach (var (section, note, results) in Loads)
        {
            text.AppendLine().AppendLine(c, $"## {section}").AppendLine().AppendLine(note).AppendLine();
            text.AppendLine("| Scenario | Requests/s | p50 | p99 | Requests | Errors |").AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in results)
            {
                text.AppendLine(c, $"| {r.Name} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} ms | {r.P99Ms:F2} ms | {r.Requests} | {r.Errors} |");
            }

            foreach (var cpu in Cpu.Where(t => t.Section == section))
            {
                AppendCpu(text, cpu);
            }
        }

        if (Queries.Count > 0)
        {
            text.AppendLine().AppendLine("## Top-customers report: aggregates vs a naive GROUP BY").AppendLine();
            text.AppendLine("| Query | p50 | p95 | Runs |").AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, p50, p95, runs) in Queries)
            {
                text.AppendLine(c, $"| {name} | {p50:F2} ms | {p95:F2} ms | {runs} |");
            }
        }

        text.AppendLine().AppendLine("## Cold start: when each resource ran and became healthy").AppendLine();
        text.AppendLine("Seconds from the AppHost's start (the figure above also counts building the app model).").AppendLine();
        text.AppendLine("```").Append(StartTimeline).AppendLine("```");

        text.AppendLine().AppendLine("## Memory (peaks during the run)").AppendLine();
        text.AppendLine("RSS counts in full the pages a service shares with the other .NET processes (the runtime's and ASP.NET Core's libraries, "
            + "about 100 MB of each service's RSS); PSS counts a shared page 1/n in each of the n processes that map it.").AppendLine();
        text.AppendLine("| Service | Peak RSS | Peak PSS | Target (RSS) |").AppendLine("| --- | ---: | ---: | --- |");
        foreach (var (service, (resident, proportional)) in Memory.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"| {service} | {resident / 1024.0 / 1024:F0} MB | {proportional / 1024.0 / 1024:F0} MB | ≤ 200 MB |");
        }

        return text.ToString();
    }

    /// <summary>CPU per request of each process, the most expensive first, and their sums.</summary>
    private static void AppendCpu(StringBuilder text, CpuTable cpu)
    {
        var c = CultureInfo.InvariantCulture;
        var total = cpu.Milliseconds.Sum(m => m.Milliseconds);
        text.AppendLine().AppendLine(c, $"CPU time per {cpu.PerWhat} during \"{cpu.Scenario}\" ({cpu.Requests} {cpu.PerWhat}s; user + system time from /proc, each process's whole tree):")
            .AppendLine();
        text.AppendLine(c, $"| Process | CPU per {cpu.PerWhat} | Share |").AppendLine("| --- | ---: | ---: |");
        foreach (var (process, milliseconds) in cpu.Milliseconds.OrderByDescending(m => m.Milliseconds))
        {
            text.AppendLine(c, $"| {process} | {cpu.PerRequest(milliseconds):F3} ms | {(total == 0 ? 0 : milliseconds / total):P0} |");
        }

        text.AppendLine(c, $"| **All processes** | **{cpu.TotalPerRequest:F3} ms** | 100 % |");
        text.AppendLine(c, $"| The system alone (without wrk and the bench process) | {cpu.SystemPerRequest:F3} ms | {(cpu.TotalPerRequest == 0 ? 0 : cpu.SystemPerRequest / cpu.TotalPerRequest):P0} |");
    }

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }
}
