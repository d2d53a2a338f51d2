using System.Diagnostics.Metrics;

namespace ServiceDefaults.Outbox;

/// <summary>Metrics of the "Backend.Outbox" meter.</summary>
public sealed class OutboxMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _latency;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Backend.Outbox");
        _published = meter.CreateCounter<long>("backend.outbox.published", description: "Outbox messages published and confirmed by the broker");
        _failed = meter.CreateCounter<long>("backend.outbox.publish_failures", description: "Failed publish attempts (retried later)");
        _latency = meter.CreateHistogram<double>("backend.outbox.publish_latency", unit: "ms",
            description: "Time from the commit that wrote a message to the broker's confirm");
    }

    public void Published(string messageType, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("message_type", messageType);
        _published.Add(1, tag);
        _latency.Record(latency.TotalMilliseconds, tag);
    }

    public void Failed(string messageType) => _failed.Add(1, new KeyValuePair<string, object?>("message_type", messageType));
}
