using System.Globalization;
using System.Text;

namespace Backend.Bench;

/// <summary>Everything measured in one run, and its Markdown rendering.</summary>
public sealed class BenchReport
{
    public TimeSpan ColdStart { get; set; }

    public List<(string Section, string Note, List<LoadResult> Results)> Loads { get; } = [];

    public List<(string Name, double P50Ms, double P95Ms, int Runs)> Queries { get; } = [];

    public List<(string Name, string Value, string Target)> Figures { get; } = [];

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
        text.AppendLine(c, $"| Cold start (AppHost start to every resource healthy, already built) | {ColdStart.TotalSeconds:F1} s | < 60 s |");
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

        text.AppendLine().AppendLine("## Memory (peaks during the run)").AppendLine();
        text.AppendLine("RSS counts in full the pages a service shares with the other .NET processes (the runtime's and ASP.NET Core's libraries, "
            + "about 100 MB of each service's RSS); PSS counts a shared page 1/n in each of the n processes that map it.").AppendLine();
        text.AppendLine("| Service | Peak RSS | Peak PSS | Target (RSS) |").AppendLine("| --- | ---: | ---: | --- |");
        foreach (var (service, (resident, proportional)) in Memory.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"| {service} | {resident / 1024.0 / 1024:F0} MB | {proportional / 1024.0 / 1024:F0} MB | < 250 MB |");
        }

        return text.ToString();
    }

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }
}
