using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using ServiceDefaults.Data;

namespace ServiceDefaults.Outbox;

/// <summary>
/// Publishes committed outbox messages with MassTransit (publisher confirms on) and marks each sent only
/// after the broker confirmed it. Rows are claimed with FOR UPDATE SKIP LOCKED inside a transaction, so
/// replicas share the work without publishing a row twice; a relay killed between publish and commit
/// leaves its rows unsent and they are published again (at least once, never lost). Publishes are mandatory: a
/// message no queue would receive is returned by the broker and stays in the outbox.
/// </summary>
internal sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal<TDbContext> signal,
    OutboxMessageTypes types,
    OutboxOptions options,
    OutboxMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    internal static readonly ActivitySource ActivitySource = new("Backend.Outbox");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.ConcurrentBatches)).Select(loop => RelayLoopAsync(cleans: loop == 0, stoppingToken)));

    /// <summary>One loop of batches; each wakes on a commit's signal (one loop per signal) or on the poll interval.</summary>
    private async Task RelayLoopAsync(bool cleans, CancellationToken stoppingToken)
    {
        await Task.Yield(); // the loops run side by side, none inline in the host's start
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int published;
                do
                {
                    published = await RelayBatchAsync(stoppingToken);
                }
                while (published == options.BatchSize);

                if (cleans && clock.GetUtcNow() >= nextCleanup)
                {
                    await DeleteOldSentMessagesAsync(stoppingToken);
                    nextCleanup = clock.GetUtcNow().AddHours(1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Database unreachable, say: keep the loop alive and try again on the next tick.
                LogRelayFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims, publishes and marks one batch; returns how many were published.</summary>
    internal async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // A poll that finds nothing (every poll interval, per loop) leaves no trace: the claim is not traced. A batch that
        // finds messages is traced from the claim on (its span starts as of the claim and links to the messages' traces).
        var claimStarted = DateTimeOffset.UtcNow;
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var work = await db.BeginUnitOfWorkAsync(cancellationToken); // the claim (row locks) lasts until the marks commit

        var now = clock.GetUtcNow();
        var due = await ClaimAsync(db, now, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        untraced.Dispose();
        using var batch = ActivitySource.StartActivity("outbox relay batch", ActivityKind.Internal, parentContext: default,
            links: due.Select(m => ActivityContext.TryParse(m.TraceParent, m.TraceState, out var written) ? new ActivityLink(written) : default)
                .Where(link => link.Context != default),
            startTime: claimStarted);
        batch?.SetTag("messaging.batch.message_count", due.Count);

        // The whole batch in flight at once: the broker's confirms arrive pipelined instead of one round
        // trip per message. Consumers never rely on order between events (each carries its own version).
        var outcomes = await Task.WhenAll(due.Select(async message =>
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                return (Message: message, Error: (Exception?)null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return (Message: message, Error: e);
            }
        }));

        var confirmedAt = clock.GetUtcNow();
        List<Guid> sent = [];
        await using var marks = db.NewBatchInTransaction();
        foreach (var (message, error) in outcomes)
        {
            if (error is null)
            {
                sent.Add(message.Id);
                metrics.Published(message.MessageType, confirmedAt - message.CreatedAt);
                continue;
            }

            var attempts = message.Attempts + 1;
            // An unreachable broker is everyone's problem, not this message's: try again soon, so that the backlog goes
            // out within moments of the broker's return instead of at each message's next back-off step.
            var nextAttemptAt = confirmedAt + (IsBrokerUnavailable(error) ? options.RetryDelay : Backoff(attempts));
            marks.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE {OutboxModel.Table} SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1")
            {
                Parameters =
                {
                    new() { Value = message.Id }, new() { Value = attempts },
                    new() { Value = Truncate($"{error.GetType().Name}: {error.Message}", 2000) }, new() { Value = nextAttemptAt },
                },
            });
            metrics.Failed(message.MessageType);
            LogPublishFailed(logger, message.Id, message.MessageType, attempts, error);
        }

        if (sent.Count > 0)
        {
            marks.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE {OutboxModel.Table} SET sent_at = $1 WHERE id = ANY($2)")
            {
                Parameters = { new() { Value = confirmedAt }, new() { Value = sent.ToArray() } },
            });
        }

        await marks.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return sent.Count;
    }

    /// <summary>
    /// Locks the batch's rows (FOR UPDATE SKIP LOCKED: another relay takes the next ones). A generic plan: for a custom
    /// one, "next_attempt_at &lt;= now" lies past the column's statistics, so the planner reads the index's actual upper
    /// end, walking every row marked sent since the last vacuum (docs/architecture.md, "Events: our own transactional
    /// outbox"). The generic plan is the same index scan. SET LOCAL: this transaction only.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(TDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var claim = db.NewBatchInTransaction();
        claim.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_generic_plan"));
        claim.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT id, message_type, payload, trace_parent, trace_state, created_at, next_attempt_at, attempts
            FROM {OutboxModel.Table} WHERE sent_at IS NULL AND next_attempt_at <= $1
            ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
            """)
        {
            Parameters = { new() { Value = now }, new() { Value = options.BatchSize } },
        });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        // SET LOCAL returns no rows: the reader starts at the SELECT's.
        List<OutboxMessage> due = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new OutboxMessage
            {
                Id = reader.GetGuid(0),
                MessageType = reader.GetString(1),
                Payload = reader.GetString(2),
                TraceParent = reader.IsDBNull(3) ? null : reader.GetString(3),
                TraceState = reader.IsDBNull(4) ? null : reader.GetString(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                NextAttemptAt = reader.GetFieldValue<DateTimeOffset>(6),
                Attempts = reader.GetInt32(7),
            });
        }

        return due;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = types.TypeOf(message.MessageType)
            ?? throw new InvalidOperationException($"No type is registered for {message.MessageType}.");
        var payload = JsonSerializer.Deserialize(message.Payload, type, OutboxMessageTypes.PayloadJson)
            ?? throw new InvalidOperationException("Empty payload.");

        // The publish (and, through the broker headers, the consumer) joins the trace of the request that wrote the event.
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = ActivitySource.StartActivity($"outbox relay {type.Name}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id.ToString());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await bus.Publish(payload, type, context =>
        {
            context.MessageId = message.Id;
            // Mandatory: a message no queue is bound for (its consumer has never started) is returned by the broker
            // instead of confirmed and dropped; the publish fails with MessageReturnedException and the row stays
            // unsent, retried with back-off until a queue exists (docs/architecture.md, "No event vanishes").
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }, timeout.Token);
    }

    private async Task DeleteOldSentMessagesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - options.Retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The publish never reached the broker (no connection, or no confirm within the publish timeout).</summary>
    private static bool IsBrokerUnavailable(Exception error) =>
        error is OperationCanceledException or ConnectionException or RabbitMQ.Client.Exceptions.BrokerUnreachableException
            or RabbitMQ.Client.Exceptions.AlreadyClosedException;

    private TimeSpan Backoff(int attempts)
    {
        var exponential = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 16));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2); // "equal jitter"
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} ({MessageType}) failed, attempt {Attempts}; will retry")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
