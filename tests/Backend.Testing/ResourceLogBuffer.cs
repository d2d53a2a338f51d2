using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace Backend.Testing;

/// <summary>Keeps each resource's last log lines, to explain a failed start.</summary>
/// <remarks>
/// Logs are kept per resource instance (a project's instance is named like "users-abcd1234", and each
/// replica has its own), so instances are discovered from the resource notifications as they appear.
/// </remarks>
internal sealed class ResourceLogBuffer(ResourceLoggerService loggers, ResourceNotificationService notifications) : IDisposable
{
    private const int LinesKept = 1000;
    private const int LinesShown = 40;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new();
    private readonly ConcurrentDictionary<string, byte> _watched = new();
    private readonly CancellationTokenSource _stop = new();

    public void WatchAll(IEnumerable<IResource> resources)
    {
        var names = resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToHashSet();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var evt in notifications.WatchAsync(_stop.Token))
                {
                    if (names.Contains(evt.Resource.Name) && _watched.TryAdd(evt.ResourceId, 0))
                    {
                        Watch(evt.Resource.Name, evt.ResourceId);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private void Watch(string resourceName, string instanceId)
    {
        var queue = _lines.GetOrAdd(resourceName, _ => new ConcurrentQueue<string>());
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(instanceId).WithCancellation(_stop.Token))
                {
                    foreach (var line in batch)
                    {
                        queue.Enqueue(line.Content);
                        while (queue.Count > LinesKept && queue.TryDequeue(out _))
                        {
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public string Describe(string? resourceName = null) => string.Join(Environment.NewLine,
        _lines.Where(kv => resourceName is null || kv.Key == resourceName)
            .Where(kv => !kv.Value.IsEmpty)
            .Select(kv => $"--- last log lines of {kv.Key}:{Environment.NewLine}{string.Join(Environment.NewLine, kv.Value.TakeLast(LinesShown))}"));

    public IReadOnlyList<string> Lines(string resourceName) => _lines.TryGetValue(resourceName, out var lines) ? [.. lines] : [];

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
