using System.Diagnostics.Metrics;

namespace Notifications.Worker.Telemetry;

/// <summary>Metrics of the "Backend.Notifications" meter.</summary>
public sealed class NotificationsMetrics
{
    public const string SentName = "backend.notifications.emails.sent";
    public const string FailedName = "backend.notifications.emails.failed";
    public const string RetriedName = "backend.notifications.emails.retried";
    public const string DuplicatesName = "backend.notifications.emails.duplicates";
    public const string SendDurationName = "backend.notifications.email.send.duration";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _sendDuration;

    public NotificationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(NotificationsTelemetry.Name);
        _sent = meter.CreateCounter<long>(SentName, description: "Emails the SMTP server accepted (and that were recorded as sent)");
        _failed = meter.CreateCounter<long>(FailedName,
            description: "Emails given up on: a permanent failure, or retries exhausted; the message went to the _error queue");
        _retried = meter.CreateCounter<long>(RetriedName, description: "Failed attempts that will be retried after a back-off");
        _duplicates = meter.CreateCounter<long>(DuplicatesName, description: "Deliveries skipped because their email was already sent");
        _sendDuration = meter.CreateHistogram<double>(SendDurationName, unit: "ms",
            description: "Time of one SMTP session: connect, hand over the message, until the server's reply");
    }

    public void Sent(string emailType) => _sent.Add(1, Type(emailType));

    public void Failed(string emailType, Exception exception, bool permanent) => _failed.Add(1, Type(emailType),
        new KeyValuePair<string, object?>("error.type", exception.GetType().Name),
        new KeyValuePair<string, object?>("failure", permanent ? "permanent" : "retries_exhausted"));

    public void Retried(string emailType, Exception exception) =>
        _retried.Add(1, Type(emailType), new KeyValuePair<string, object?>("error.type", exception.GetType().Name));

    public void Duplicate(string emailType) => _duplicates.Add(1, Type(emailType));

    public void SendCompleted(TimeSpan duration, bool accepted) =>
        _sendDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "failed"));

    private static KeyValuePair<string, object?> Type(string emailType) => new("email.type", emailType);
}
