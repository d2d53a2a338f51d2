using System.Collections.Concurrent;
using System.Diagnostics;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.Email;

/// <summary>
/// Hands messages to the SMTP server over a small pool of open sessions: one session per message costs a TCP
/// connection, EHLO, AUTH (and a TLS handshake, with STARTTLS) each time, and most of the server's work per message
/// (docs/architecture.md, "Once-only email"). Throws what MailKit throws; the caller decides what is transient.
/// </summary>
/// <remarks>
/// A pooled session is never trusted blindly: one idle for more than <see cref="CheckAfterIdle"/> is checked with
/// NOOP first (servers drop idle clients, and restart), one idle for more than <see cref="MaxIdle"/> is closed, and a
/// session that failed in any way is discarded. A stale session therefore costs a NOOP, never a failed attempt. The
/// pool holds at most as many sessions as sends run at once (the consumer's concurrency limit).
/// </remarks>
public sealed partial class SmtpEmailSender : IAsyncDisposable
{
    /// <summary>Per SMTP command. Also bounds a send during shutdown (see SendsInFlight).</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A session idle longer than this is checked with NOOP before it carries a message.</summary>
    public static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(2);

    /// <summary>A session idle longer than this is closed: well inside servers' idle timeouts (RFC 5321: 5 minutes).</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    /// <summary>Messages per session before it is closed and a new one opened: relays often limit this per connection.</summary>
    public const int MaxMessagesPerSession = 20;

    private readonly SmtpSettings _settings;
    private readonly SmtpAvailability _availability;
    private readonly NotificationsTelemetry _telemetry;
    private readonly ILogger<SmtpEmailSender> _logger;
    private readonly ConcurrentStack<SmtpSession> _idle = new(); // most recently used first: the others idle out
    private readonly Timer _sweeper;
    private volatile bool _disposed;

    public SmtpEmailSender(SmtpSettings settings, SmtpAvailability availability, NotificationsTelemetry telemetry, ILogger<SmtpEmailSender> logger)
    {
        _settings = settings;
        _availability = availability;
        _telemetry = telemetry;
        _logger = logger;
        _sweeper = new Timer(_ => _ = CloseIdleSessionsAsync(), null, MaxIdle, MaxIdle);
    }

    /// <summary>
    /// Sends the message and returns as soon as the server accepted it (250 after DATA): the caller records the
    /// acceptance first and then disposes the result, which hands the session back to the pool, so that no round
    /// trip to the server lies between its acceptance and our record of it.
    /// </summary>
    public async Task<SmtpDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var activity = _telemetry.StartSmtpSend(_settings, message);
        var started = Stopwatch.GetTimestamp();
        SmtpSession? session = null;
        try
        {
            session = await TakeSessionAsync(cancellationToken);
            activity?.SetTag("smtp.session.reused", session.Messages > 0);
            var reply = await session.Client.SendAsync(message, cancellationToken);
            session.Messages++;
            _telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: true);
            activity?.SetTag("smtp.response", reply);
            return new SmtpDelivery(reply, session, this);
        }
        catch (Exception e)
        {
            session?.Client.Dispose();
            _telemetry.Metrics.SendCompleted(Stopwatch.GetElapsedTime(started), accepted: false);
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            _availability.Report(e);
            throw;
        }
    }

    private async Task<SmtpSession> TakeSessionAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var session))
        {
            var idle = Stopwatch.GetElapsedTime(session.IdleSince);
            if (!session.Client.IsConnected || idle > MaxIdle)
            {
                await CloseAsync(session);
                continue;
            }

            if (idle > CheckAfterIdle)
            {
                try
                {
                    await session.Client.NoOpAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException
                                              or System.Net.Sockets.SocketException or TimeoutException)
                {
                    // Dropped by the server meanwhile: not a failure of this send, nor a sign the server is down.
                    LogStaleSession(_logger, _settings.ToString(), e.Message);
                    session.Client.Dispose();
                    continue;
                }
            }

            return session;
        }

        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_settings, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new SmtpSession(client);
    }

    /// <summary>Back to the pool after its message was recorded; closed if it has carried enough, or on shutdown.</summary>
    internal async ValueTask ReturnAsync(SmtpSession session)
    {
        if (_disposed || session.Messages >= MaxMessagesPerSession || !session.Client.IsConnected)
        {
            await CloseAsync(session);
            return;
        }

        session.IdleSince = Stopwatch.GetTimestamp();
        _idle.Push(session);
    }

    private async Task CloseIdleSessionsAsync()
    {
        var sessions = new SmtpSession[_idle.Count + 8];
        var taken = _idle.TryPopRange(sessions);
        for (var i = taken - 1; i >= 0; i--) // oldest first, so that the fresh ones go back on top
        {
            if (_disposed || Stopwatch.GetElapsedTime(sessions[i].IdleSince) > MaxIdle)
            {
                await CloseAsync(sessions[i]);
            }
            else
            {
                _idle.Push(sessions[i]);
            }
        }
    }

    /// <summary>QUIT, politely and briefly; the message(s) of the session are the server's already.</summary>
    private async Task CloseAsync(SmtpSession session)
    {
        try
        {
            if (session.Client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(CommandTimeout);
                await session.Client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogQuitFailed(_logger, _settings.ToString(), e);
        }
        finally
        {
            session.Client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _sweeper.DisposeAsync();
        await CloseIdleSessionsAsync();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "QUIT failed on {Server}")]
    private static partial void LogQuitFailed(ILogger logger, string server, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An idle SMTP session to {Server} was gone ({Reason}); opening a new one")]
    private static partial void LogStaleSession(ILogger logger, string server, string reason);
}
