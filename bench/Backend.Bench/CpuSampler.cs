using Aspire.Hosting.ApplicationModel;
using Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Bench;

/// <summary>
/// The CPU time (user + system, from /proc/&lt;pid&gt;/stat) each process of the system has used so far: each
/// resource's whole process tree (every PostgreSQL backend, RabbitMQ's beam.smp and its helpers, a service and,
/// when the AppHost starts it through `dotnet run`, that wrapper), the orchestrator (dcp), this process, and the
/// children this process has reaped (wrk).
/// Two snapshots around a run give what the run cost each of them.
/// </summary>
public static class CpuSampler
{
    /// <summary>/proc counts in USER_HZ ticks, 100 a second on every architecture Linux and .NET share.</summary>
    private const double MillisecondsPerTick = 10;

    /// <summary>What the report calls each process, and the resources whose trees it sums.</summary>
    private static readonly (string Process, string[] Resources)[] Groups =
    [
        ("gateway", ["gateway"]),
        ("identity", ["identity"]),
        ("users", ["users"]),
        ("orders", ["orders"]),
        ("notifications", ["notifications"]),
        ("postgres (all its processes)", ["postgres"]),
        ("redis", ["cache"]),
        ("rabbitmq (beam.smp, epmd)", ["messaging", "messaging-epmd"]),
        ("smtp4dev", ["mail"]),
    ];

    public const string LoadGenerator = "wrk (load generator)";

    public const string BenchProcess = "bench process (paced loads, samplers, the AppHost's health checks)";

    public static CpuSnapshot Take(BackendApp app)
    {
        var resources = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.ToDictionary(r => r.Name);
        var milliseconds = new List<(string Process, double Milliseconds)>();
        var system = new HashSet<int>();
        foreach (var (process, names) in Groups)
        {
            var roots = ProcessTable.ResourceProcesses(app.App.ResourceNotifications, names.Where(resources.ContainsKey).Select(n => resources[n]));
            var tree = ProcessTable.WithDescendants(roots);
            system.UnionWith(tree);
            // A process's own time plus that of its children it has reaped (a PostgreSQL backend whose connection closed):
            // no double count, since a live child's time is in its own line only.
            milliseconds.Add((process, tree.Sum(pid => Ticks(pid, own: true, reaped: true)) * MillisecondsPerTick));
        }

        milliseconds.Add(("orchestrator (dcp)", ProcessTable.OrchestratorOf(system).Sum(pid => Ticks(pid, own: true, reaped: true)) * MillisecondsPerTick));
        // wrk runs as this process's child, reaped when it exits: its time lands in this process's children's time.
        milliseconds.Add((LoadGenerator, Ticks(Environment.ProcessId, own: false, reaped: true) * MillisecondsPerTick));
        milliseconds.Add((BenchProcess, Ticks(Environment.ProcessId, own: true, reaped: false) * MillisecondsPerTick));
        return new CpuSnapshot(milliseconds);
    }

    /// <summary>utime + stime (the process's own) and cutime + cstime (its reaped children's), in ticks; 0 for a process gone.</summary>
    private static long Ticks(int pid, bool own, bool reaped)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses; after it, utime is the 12th field.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
        return (own ? Field(11) + Field(12) : 0) + (reaped ? Field(13) + Field(14) : 0);
    }
}
