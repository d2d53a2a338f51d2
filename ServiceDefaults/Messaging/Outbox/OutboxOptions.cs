namespace ServiceDefaults.Outbox;

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for due messages when nothing signalled it (other replicas, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Batches in flight at once per process. With one, a message committed while a batch waits for the broker's
    /// confirms waited for that whole batch first; with two, the second loop claims it at once (SKIP LOCKED keeps
    /// them apart). Measured at 100 orders/s: most of the commit-to-confirm time was that wait.
    /// </summary>
    public int ConcurrentBatches { get; set; } = 2;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelay"/>, with jitter. While the broker is unreachable, the fixed retry interval.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent messages are kept this long (for inspection), then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
