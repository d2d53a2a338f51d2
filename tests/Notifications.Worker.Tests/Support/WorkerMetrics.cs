using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.Tests.Support;

/// <summary>The "Backend.Notifications" measurements of one worker instance (its own IMeterFactory).</summary>
public sealed class WorkerMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public WorkerMetrics(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == NotificationsTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, tagged));
        });
        _listener.Start();
    }

    public long Total(string instrument, string? tag = null, object? value = null) => _measurements
        .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var actual) && Equals(actual, value))))
        .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
