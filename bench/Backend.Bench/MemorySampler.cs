using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Bench;

/// <summary>Samples the resident memory of each .NET service (the service process, not `dotnet run` above it) every second.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly string[] Services = ["gateway", "identity", "users", "orders", "notifications"];
    private readonly ConcurrentDictionary<string, long> _peaks = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MemorySampler(BackendApp app) => _loop = Task.Run(() => SampleAsync(app));

    public static MemorySampler Start(BackendApp app) => new(app);

    public IReadOnlyDictionary<string, long> Peaks() => _peaks;

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

                var processes = ProcessTable.WithDescendants(ProcessTable.ResourceProcesses(app.App.ResourceNotifications, [resource]));
                var rss = processes.Where(pid => !ProcessTable.Name(pid).StartsWith("dotnet", StringComparison.Ordinal))
                    .Select(ResidentBytes).DefaultIfEmpty(0).Max();
                _peaks.AddOrUpdate(service, rss, (_, peak) => Math.Max(peak, rss));
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

    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
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
