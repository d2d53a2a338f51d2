using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.Email;

/// <summary>
/// Hands messages to the SMTP server, one SMTP session per message: nothing to go stale between sends, and a
/// server restart costs no failed attempt. Throws what MailKit throws; the caller decides what is transient.
/// </summary>
public sealed partial class SmtpEmailSender(SmtpSettings settings, SmtpAvailability availability, NotificationsTelemetry telemetry, ILogger<SmtpEmailSender> logger)
{
    /// <summary>Per SMTP command. Also bounds a send during shutdown (see MassTransitHostOptions.ConsumerStopTimeout).</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends the message; returns once the server accepted it (250 after DATA), with the server's reply.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartSmtpSend(settings, message);
        var started = Stopwatch.GetTimestamp();
        using var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        string reply;
        try
        {
            await client.ConnectAsync(settings, cancellationToken);
            reply = await client.SendAsync(message, cancellationToken);
        }
        catch (Exception e)
        {
            telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: false);
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            availability.Report(e);
            throw;
        }

        telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: true);
        activity?.SetTag("smtp.response", reply);

        // The server has the message now. A failed QUIT must not look like a failed send: that would send it twice.
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogQuitFailed(logger, settings.ToString(), e);
        }

        return reply;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "QUIT after a delivered message failed on {Server}")]
    private static partial void LogQuitFailed(ILogger logger, string server, Exception exception);
}
