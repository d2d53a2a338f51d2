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

    /// <summary>
    /// Sends the message and returns as soon as the server accepted it (250 after DATA), with the session still
    /// open: the caller records the acceptance first and ends the session (QUIT) by disposing the result, so that
    /// no round trip to the server lies between its acceptance and our record of it.
    /// </summary>
    public async Task<SmtpDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartSmtpSend(settings, message);
        var started = Stopwatch.GetTimestamp();
        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings, cancellationToken);
            var reply = await client.SendAsync(message, cancellationToken);
            telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: true);
            activity?.SetTag("smtp.response", reply);
            return new SmtpDelivery(reply, client, settings, logger);
        }
        catch (Exception e)
        {
            client.Dispose();
            telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: false);
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            availability.Report(e);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "QUIT after a delivered message failed on {Server}")]
    internal static partial void LogQuitFailed(ILogger logger, string server, Exception exception);
}

/// <summary>A message the SMTP server accepted; disposing ends the session politely.</summary>
public sealed class SmtpDelivery(string reply, SmtpClient client, SmtpSettings settings, ILogger logger) : IAsyncDisposable
{
    /// <summary>The server's reply to the end of DATA (e.g. "2.0.0 Ok: queued as …").</summary>
    public string Reply => reply;

    public async ValueTask DisposeAsync()
    {
        // The server has the message. A failed QUIT must not look like a failed send: that would send it twice.
        try
        {
            using var timeout = new CancellationTokenSource(SmtpEmailSender.CommandTimeout);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SmtpEmailSender.LogQuitFailed(logger, settings.ToString(), e);
        }
        finally
        {
            client.Dispose();
        }
    }
}
