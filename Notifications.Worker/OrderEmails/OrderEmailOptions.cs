namespace Notifications.Worker.OrderEmails;

/// <summary>How the order-email queue is consumed ("OrderConfirmations" settings section: its name from before the other emails, kept so settings in use still apply).</summary>
public sealed class OrderEmailOptions
{
    public const string SectionName = "OrderConfirmations";

    /// <summary>
    /// Sends in flight at once. Each holds one SMTP session and one database connection (the per-order lock) for
    /// the length of a send; 8 keeps a typical relay's per-client connection limit and the connection pool far away.
    /// </summary>
    public int ConcurrentSends { get; set; } = 8;

    /// <summary>
    /// Unacknowledged messages the broker hands us: twice the concurrency, so the next sends are ready without
    /// hoarding a backlog that other replicas could work on, or that a crash would hand back late.
    /// </summary>
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Retries after the first attempt for transient failures (SMTP 4xx, connection refused, timeouts, database).</summary>
    public int RetryLimit { get; set; } = 8;

    /// <summary>Exponential back-off: first retry after about MinRetryInterval + RetryIntervalDelta, doubling the delta each time.</summary>
    public TimeSpan MinRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a send waits for an SMTP server known to be unreachable (see SmtpAvailability) before it tries
    /// anyway and, failing, counts as an attempt. Attempts spent waiting are not lost; the bound keeps a message
    /// from being held past the broker's consumer timeout (30 min) over all its retries.
    /// </summary>
    public TimeSpan OutageWait { get; set; } = TimeSpan.FromMinutes(2);
}
