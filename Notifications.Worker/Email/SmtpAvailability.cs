using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;

namespace Notifications.Worker.Email;

/// <summary>
/// A circuit breaker on the SMTP server. Once a send finds the server unreachable, one probe tries to connect
/// every <see cref="ProbeInterval"/> and the sends wait for it instead of failing on their own: retries are not
/// spent during an outage, and when the server returns the backlog goes out within a probe interval rather than
/// at each message's next back-off step (up to a minute away).
/// </summary>
public sealed partial class SmtpAvailability(SmtpSettings settings, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<SmtpAvailability> logger)
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Task? _probe; // running while the server is believed unreachable

    public bool IsReachable => Volatile.Read(ref _probe) is null;

    /// <summary>
    /// Returns at once while the server is reachable; otherwise when the probe reaches it, or after
    /// <paramref name="maxWait"/>, whichever comes first (then the send tries, fails, and is retried as usual).
    /// </summary>
    public async Task WaitUntilReachableAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _probe) is not { } probe)
        {
            return;
        }

        try
        {
            await probe.WaitAsync(maxWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still down: let the caller's attempt fail and count as a retry.
        }
    }

    /// <summary>Whether <paramref name="exception"/> says the server could not be reached (as opposed to refusing a message).</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException => true,
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } => true, // 421: closing the channel
        _ => false,
    };

    /// <summary>Called by a send that failed: opens the breaker if the failure says the server is unreachable.</summary>
    public void Report(Exception exception)
    {
        if (!IsUnreachable(exception))
        {
            return;
        }

        lock (_lock)
        {
            if (_probe is null)
            {
                LogUnreachable(logger, settings.ToString(), exception.Message);
                _probe = Task.Run(ProbeUntilReachableAsync);
            }
        }
    }

    private async Task ProbeUntilReachableAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var stopping = lifetime.ApplicationStopping;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ProbeInterval, clock, stopping);
                await settings.ProbeAsync(SmtpEmailSender.CommandTimeout, stopping);
                break;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break; // shutting down: release the waiting sends, which are being cancelled anyway
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                // Still unreachable: probe again.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                break; // reachable though unhappy (credentials, a 4xx): the sends will find out why, and retry as usual
            }
        }

        lock (_lock)
        {
            _probe = null;
        }

        LogReachable(logger, settings.ToString(), Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Server} is unreachable ({Reason}); sends wait while it is probed every second")]
    private static partial void LogUnreachable(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP server {Server} is reachable again after {Seconds:0.0} s")]
    private static partial void LogReachable(ILogger logger, string server, double seconds);
}
