using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Bench;

/// <summary>
/// Samples the memory of each .NET service (the service process, not a `dotnet run` above it) every second: its resident
/// set (RSS, which counts in full every page it shares with other processes, such as the .NET runtime's libraries),
/// and its proportional set (PSS, where a page shared by n processes counts 1/n): what the service really adds.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly string[] Services = ["gateway", "identity", "users", "orders", "notifications"];
    private const long ReportedStep = 10 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, long> _peaks = new();
    private readonly ConcurrentDictionary<string, long> _proportionalPeaks = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MemorySampler(BackendApp app) => _loop = Task.Run(() => SampleAsync(app));

    public static MemorySampler Start(BackendApp app) => new(app);

    /// <summary>Each service's peak RSS and peak PSS, in bytes.</summary>
    public IReadOnlyDictionary<string, (long Resident, long Proportional)> Peaks() =>
        _peaks.ToDictionary(kv => kv.Key, kv => (kv.Value, _proportionalPeaks.GetValueOrDefault(kv.Key)));

    private async Task SampleAsync(BackendApp app)
    {
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        while (!_stop.IsCancellationRequested)
        {
            foreach (var service in Services)
            {
                var resource = model.Resources.FirstOrDefault(r => r.Name == service);
                if (resource is null)
                {
                    continue;
                }

                HashSet<int> processes;
                try
                {
                    processes = ProcessTable.WithDescendants(ProcessTable.ResourceProcesses(app.App.ResourceNotifications, [resource]));
                }
                catch (IOException e)
                {
                    // e.g. this process out of file descriptors: a sample lost, not the run's report.
                    Console.WriteLine($"  warning: [memory] {service} not sampled: {e.Message}");
                    continue;
                }

                var servicePids = processes.Where(pid => !ProcessTable.Name(pid).StartsWith("dotnet", StringComparison.Ordinal)).ToList();
                var rss = servicePids.Select(pid => Kilobytes($"/proc/{pid}/status", "VmRSS:")).DefaultIfEmpty(0).Max();
                var pss = servicePids.Select(pid => Kilobytes($"/proc/{pid}/smaps_rollup", "Pss:")).DefaultIfEmpty(0).Max();
                var previous = _peaks.GetValueOrDefault(service);
                _peaks.AddOrUpdate(service, rss, (_, peak) => Math.Max(peak, rss));
                if (previous > 0 && rss / ReportedStep > previous / ReportedStep)
                {
                    // In the console among the scenarios' own lines: which scenario a peak belongs to.
                    Console.WriteLine($"  [memory] {service}: new peak {rss / (1024 * 1024)} MB RSS");
                }

                _proportionalPeaks.AddOrUpdate(service, pss, (_, peak) => Math.Max(peak, pss));
            }

            try
            {
                await Task.Delay(1000, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The value of a "Name:   123 kB" line of a /proc file, in bytes.</summary>
    private static long Kilobytes(string file, string field)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
