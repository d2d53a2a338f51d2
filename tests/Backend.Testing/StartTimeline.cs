using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Backend.Testing;

/// <summary>
/// When each resource of a start began running and became healthy, counted from the AppHost's start: where a cold
/// start's seconds go (the benchmark prints it beside the cold start's figure).
/// </summary>
public sealed class StartTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private readonly ConcurrentDictionary<string, TimeSpan> _running = new();

    private readonly ConcurrentDictionary<string, TimeSpan> _healthy = new();

    public void Saw(string resource, string? state, bool healthy)
    {
        if (state is "Running" or "Active")
        {
            _running.TryAdd(resource, _clock.Elapsed);
        }

        if (healthy)
        {
            _healthy.TryAdd(resource, _clock.Elapsed);
        }
    }

    /// <summary>One line per resource, in the order they became healthy: "name  running at 8.1 s, healthy at 9.0 s".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (name, healthy) in _healthy.OrderBy(h => h.Value))
        {
            var running = _running.TryGetValue(name, out var at) ? at.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "?";
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-28} running at {running,7}, healthy at {healthy.TotalSeconds,5:F1} s");
        }

        return text.ToString();
    }
}
