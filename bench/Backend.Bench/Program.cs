using System.Diagnostics;
using System.Runtime.InteropServices;
using Backend.Bench;
using Backend.Testing;

// The benchmark report: starts the whole system in process mode (already built), seeds data, runs every
// load scenario side by side, samples each service's memory, and writes docs/benchmarks.md.
//   bench/run.sh [output.md]      the whole report
//   bench/run.sh --only users     one part (users: reads and the gateway hop; orders), printed, not written
//   bench/run.sh --hold           starts the system, prints its addresses and an admin token, and waits
//                                 (Ctrl+C): for profiling by hand with wrk, dotnet-counters or dotnet-trace
//   --Services:<name>:<key>=<value> settings passed to a service (as the AppHost does), e.g. runtime knobs to compare
// The console shows the bench's own lines; the system's logs (Aspire's, every service's and server's) go to the file it names first.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var hold = args.Contains("--hold");
var output = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != only)
    ?? Path.Combine(RepositoryRoot(), "docs", "benchmarks.md");
var report = new BenchReport();

// The services' and servers' output (health probes failing while PostgreSQL starts, each request's log) goes to a
// file, not among the bench's own lines; a start that fails still reports the failing resource's last lines.
var logFile = Path.Combine(Path.GetTempPath(), $"backend-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
Console.WriteLine($"The system's logs: {logFile}");
var starting = Stopwatch.StartNew();
await using var app = await BackendApp.StartAsync(new BackendAppOptions
{
    LogFile = logFile,
    // Raise the gateway's per-user and per-IP limits and the orders a customer may place: the load here is wanted, not an attack.
    ExtraArguments =
    [
        "--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerUser:TokensPerPeriod=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:PermitLimit=1000000",
        "--Services:gateway:Gateway:RateLimiting:PerClientIp:TokensPerPeriod=1000000",
        "--Services:gateway:Logging:LogLevel:Default=Warning",
        "--Services:users:Logging:LogLevel:Default=Warning",
        "--Services:orders:Logging:LogLevel:Default=Warning",
        "--Services:notifications:Logging:LogLevel:Default=Warning",
        "--Services:orders:Orders:Limits:MaxPendingOrders=1000000000",
        "--Services:orders:Orders:Limits:MaxOrdersPerMinute=1000000000",
        // The mail catcher stands in for the shop's SMTP relay, which runs elsewhere: keeping 100 emails instead of 1,000
        // cuts its CPU per email (it sorts all it keeps after each one) from ~12 ms to ~7 ms on this machine's 2 cores.
        "--Infra:Mail:MessagesToKeep=100",
        .. args.Where(a => a.StartsWith("--Services:", StringComparison.Ordinal)),
    ],
});
report.ColdStart = starting.Elapsed;
Console.WriteLine($"System healthy after {report.ColdStart.TotalSeconds:F1} s");
report.StartTimeline = app.StartTimeline.Describe();
Console.Write(report.StartTimeline);

if (hold)
{
    var admin = await TestAccounts.SignInAdminAsync(app.Endpoint("identity", "http"));
    var buyers = Path.Combine(Path.GetTempPath(), "backend-bench-buyers.txt");
    await File.WriteAllLinesAsync(buyers, await OrdersBench.RegisterBuyersAsync(app));
    var skus = await OrdersBench.StockCatalogAsync(app.Endpoint("gateway", "http"), admin.AccessToken);
    Console.WriteLine($"""
        gateway  {app.Endpoint("gateway", "http")}
        users    {app.Endpoint("users", "http")}
        orders   {app.Endpoint("orders", "http")}
        identity {app.Endpoint("identity", "http")}
        usersdb  {await app.ConnectionStringAsync("usersdb")}
        ordersdb {await app.ConnectionStringAsync("ordersdb")}
        buyers' tokens (15 min, renewed every 10): {buyers}
        products on sale: {string.Join(" ", skus)}
        admin token (15 min): {admin.AccessToken}
        Ctrl+C stops the system.
        """);
    var stop = new TaskCompletionSource();
    // Tokens live 15 minutes; a held system is profiled for longer: new buyers' tokens replace them every 10.
    _ = Task.Run(async () =>
    {
        while (!stop.Task.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromMinutes(10)), stop.Task);
            if (!stop.Task.IsCompleted)
            {
                await File.WriteAllLinesAsync(buyers, await OrdersBench.RegisterBuyersAsync(app));
                Console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} buyers' tokens renewed: {buyers}");
            }
        }
    });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    await stop.Task;

    void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true; // stop the system (disposing the app below) before exiting
        stop.TrySetResult();
    }
    return;
}

await using var memory = MemorySampler.Start(app);
if (only is null or "users")
{
    await UsersBench.RunAsync(app, report);
}

if (only is null or "orders")
{
    await OrdersBench.RunAsync(app, report);
}

report.Memory = memory.Peaks();

if (only is null)
{
    await File.WriteAllTextAsync(output, report.ToMarkdown());
    Console.WriteLine($"Written to {output}");
}

Console.WriteLine(report.ToMarkdown());

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Backend.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
