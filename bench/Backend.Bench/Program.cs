using System.Diagnostics;
using Backend.Bench;
using Backend.Testing;

// The benchmark report: starts the whole system in process mode (already built), seeds data, runs every
// load scenario side by side, samples each service's memory, and writes docs/benchmarks.md.
var output = args.FirstOrDefault() ?? Path.Combine(RepositoryRoot(), "docs", "benchmarks.md");
var report = new BenchReport();

var starting = Stopwatch.StartNew();
await using var app = await BackendApp.StartAsync(new BackendAppOptions
{
    // Raise the gateway's per-user and per-IP limits: the load here is wanted, not an attack.
    ExtraArguments =
    [
        "--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerUser:TokensPerPeriod=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:PermitLimit=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:TokensPerPeriod=1000000",
        "--Services:gateway:Logging:LogLevel:Default=Warning",
        "--Services:users:Logging:LogLevel:Default=Warning",
        "--Services:orders:Logging:LogLevel:Default=Warning",
    ],
});
report.ColdStart = starting.Elapsed;
Console.WriteLine($"System healthy after {report.ColdStart.TotalSeconds:F1} s");

await using var memory = MemorySampler.Start(app);
await UsersBench.RunAsync(app, report);
await OrdersBench.RunAsync(app, report);
report.Memory = memory.Peaks();

await File.WriteAllTextAsync(output, report.ToMarkdown());
Console.WriteLine(report.ToMarkdown());
Console.WriteLine($"Written to {output}");

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Backend.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
