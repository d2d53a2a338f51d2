using System.Diagnostics;
using MimeKit;
using Notifications.Worker.Email;

namespace Notifications.Worker.Telemetry;

/// <summary>The worker's own spans and metrics, "Backend.Notifications" (exported by ServiceDefaults as Backend.*).</summary>
public sealed class NotificationsTelemetry(NotificationsMetrics metrics)
{
    public const string Name = "Backend.Notifications";

    public static readonly ActivitySource ActivitySource = new(Name);

    public NotificationsMetrics Metrics { get; } = metrics;

    /// <summary>The SMTP conversation of one message, as a client span (OpenTelemetry's server.* attributes).</summary>
    public Activity? StartSmtpSend(SmtpSettings settings, MimeMessage message)
    {
        var activity = ActivitySource.StartActivity("smtp send", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("server.address", settings.Endpoint.Host);
            activity.SetTag("server.port", settings.Endpoint.Port);
            activity.SetTag("network.protocol.name", "smtp");
            activity.SetTag("email.message_id", message.MessageId);
        }

        return activity;
    }
}
