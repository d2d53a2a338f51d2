using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Worker.Data;
using Notifications.Worker.Email;
using Notifications.Worker.Orders;
using Notifications.Worker.Telemetry;
using ServiceDefaults.Data;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>
/// Sends the confirmation email of a placed order, once per order although OrderPlaced arrives at least once:
/// <list type="number">
/// <item>a transaction takes a PostgreSQL advisory lock on the order, so deliveries of the same order (a
/// redelivery, the publisher's duplicate, another replica) run one after the other;</item>
/// <item>under the lock, a row in sent_order_confirmations means the email went out already: skip;</item>
/// <item>otherwise write the row, send, and only after the SMTP server accepted the message commit.</item>
/// </list>
/// A failure before the server's acceptance leaves no row, so the retry or redelivery sends it (nothing is
/// lost). The one gap no protocol closes (RFC 1047) is a crash between the server's 250 and our COMMIT, one
/// local round trip: that redelivery sends a second copy, with the same Message-ID.
/// </summary>
public sealed partial class OrderConfirmationEmailConsumer(
    NotificationsDb db,
    OrderConfirmationEmail composer,
    SmtpEmailSender sender,
    SmtpAvailability smtp,
    SendsInFlight inFlight,
    NotificationsTelemetry telemetry,
    IServiceScopeFactory scopes,
    IOptions<OrderConfirmationOptions> options,
    TimeProvider clock,
    ILogger<OrderConfirmationEmailConsumer> logger) : IConsumer<OrderPlaced>
{
    public async Task Consume(ConsumeContext<OrderPlaced> context)
    {
        var order = context.Message;
        var cancellationToken = context.CancellationToken;
        using var activity = StartActivity(order, out var traceId);
        activity?.SetTag("order.id", order.OrderId.ToString());
        activity?.SetTag("order.number", order.OrderNumber);
        using var handling = inFlight.Enter();

        try
        {
            InvalidOrderPlacedException.ThrowIfInvalid(order);
            // Before the transaction: no database connection is held while the mail server is away.
            await smtp.WaitUntilReachableAsync(options.Value.OutageWait, cancellationToken);

            await using var work = await db.BeginUnitOfWorkAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockId(order.OrderId)})", cancellationToken);
            var sent = await db.SentOrderConfirmations.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == order.OrderId, cancellationToken);
            if (sent is not null)
            {
                telemetry.Metrics.Duplicate(OrderConfirmationEmail.EmailType);
                activity?.SetTag("email.duplicate", true);
                LogDuplicate(logger, order.OrderNumber, order.OrderId, order.EventId, sent.EventId, sent.SentAt);
                return;
            }

            var email = composer.Compose(order, traceId);
            var record = new SentOrderConfirmation
            {
                OrderId = order.OrderId,
                EventId = order.EventId,
                OrderNumber = order.OrderNumber,
                Recipient = order.CustomerEmail,
                MessageId = email.MessageId!, // set by Compose
                TraceId = traceId,
                SentAt = clock.GetUtcNow(),
            };
            // Written now, inside the transaction and invisible until its commit, so that after the server's 250
            // one round trip (the COMMIT) is all that stands between its acceptance and our record of it.
            db.SentOrderConfirmations.Add(record);
            await db.SaveChangesAsync(cancellationToken);

            // Not cancelled once started: the consume token fires when the broker connection drops (and on shutdown), and a
            // send cut off after the server stored the message but before its 250 reached us would be sent again on
            // redelivery. MailKit's per-command timeout bounds it; shutdown waits for it (SendsInFlight).
            await using (var delivery = await sender.SendAsync(email, CancellationToken.None))
            {
                await CommitSentAsync(work, record);
                await SaveReplyAsync(record.OrderId, delivery.Reply);
            }

            telemetry.Metrics.Sent(OrderConfirmationEmail.EmailType);
            LogSent(logger, order.OrderNumber, order.OrderId, record.MessageId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var permanent = DeliveryFailures.IsPermanent(e);
            var attempt = context.GetRetryAttempt();
            if (!permanent && attempt < options.Value.RetryLimit)
            {
                telemetry.Metrics.Retried(OrderConfirmationEmail.EmailType, e);
                LogWillRetry(logger, order.OrderNumber, order.OrderId, attempt + 1, e.Message);
            }
            else
            {
                // The message goes to the _error queue with this exception as MT-Fault-Message.
                telemetry.Metrics.Failed(OrderConfirmationEmail.EmailType, e, permanent);
                LogGaveUp(logger, order.OrderNumber, order.OrderId, permanent ? "permanent failure" : "retries exhausted", attempt + 1, e);
            }

            throw;
        }
    }

    /// <summary>
    /// Normally MassTransit's consume span is the current activity, a child of the publisher's span through the
    /// MT-Activity-Id header. Should the message carry no trace context, the event's own TraceParent (recorded
    /// with the order) still ties the email to the request that placed it.
    /// </summary>
    private static Activity? StartActivity(OrderPlaced order, out string? traceId)
    {
        var current = Activity.Current;
        var root = current;
        while (root?.Parent is not null)
        {
            root = root.Parent;
        }

        var fromEvent = ActivityContext.TryParse(order.TraceParent, null, out var eventContext) ? eventContext : (ActivityContext?)null;
        var parent = root is { ParentSpanId: var remote } && remote != default ? default : fromEvent ?? default;
        var activity = NotificationsTelemetry.ActivitySource.StartActivity("order confirmation", ActivityKind.Internal, parent,
            links: parent != default && current is not null ? [new ActivityLink(current.Context)] : null);

        traceId = activity?.TraceId.ToHexString() ?? (parent != default ? parent.TraceId.ToHexString() : current?.TraceId.ToHexString());
        return activity;
    }

    /// <summary>
    /// After the server's 250 a failure here means a second email on redelivery, so the commit is not cancelled by
    /// shutdown and, should it fail, the row is written again on fresh connections for up to
    /// <see cref="RecordRetryBudget"/>: long enough to ride out a database restart or fail-over.
    /// </summary>
    private async Task CommitSentAsync(UnitOfWork work, SentOrderConfirmation record)
    {
        try
        {
            await work.CommitAsync(CancellationToken.None);
            return;
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogRecordFailed(logger, record.OrderId, 1, e);
        }

        var started = clock.GetTimestamp();
        for (var attempt = 2; ; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, attempt - 2), 2000)), clock, CancellationToken.None);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var fresh = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
                await fresh.Database.ExecuteSqlAsync($"""
                    INSERT INTO sent_order_confirmations (order_id, event_id, order_number, recipient, message_id, trace_id, sent_at)
                    VALUES ({record.OrderId}, {record.EventId}, {record.OrderNumber}, {record.Recipient}, {record.MessageId}, {record.TraceId}, {record.SentAt})
                    ON CONFLICT (order_id) DO NOTHING
                    """, CancellationToken.None);
                return;
            }
            catch (Exception e) when ((e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException) && clock.GetElapsedTime(started) < RecordRetryBudget)
            {
                LogRecordFailed(logger, record.OrderId, attempt, e);
            }
        }
    }

    /// <summary>The server's reply (its queue id, for support) is kept on a best-effort basis, after the record is safe.</summary>
    private async Task SaveReplyAsync(Guid orderId, string reply)
    {
        try
        {
            var kept = reply.Length > 500 ? reply[..500] : reply;
            await db.SentOrderConfirmations.Where(s => s.OrderId == orderId)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.SmtpReply, kept), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogReplyNotSaved(logger, orderId, e.Message);
        }
    }

    /// <summary>How long recording a sent email is retried (the alternative is a second copy on redelivery).</summary>
    public static readonly TimeSpan RecordRetryBudget = TimeSpan.FromSeconds(60);

    private static long LockId(Guid orderId) => DatabaseExtensions.AdvisoryLockId($"order-confirmation:{orderId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the confirmation of order {OrderNumber} ({OrderId}) as {MessageId}")]
    private static partial void LogSent(ILogger logger, long orderNumber, Guid orderId, string messageId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Skipped event {EventId} for order {OrderNumber} ({OrderId}): its confirmation went out at {SentAt} (event {SentEventId})")]
    private static partial void LogDuplicate(ILogger logger, long orderNumber, Guid orderId, Guid eventId, Guid sentEventId, DateTimeOffset sentAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the confirmation of order {OrderNumber} ({OrderId}) failed (attempt {Attempt}), will retry: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, long orderNumber, Guid orderId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on the confirmation of order {OrderNumber} ({OrderId}) after {Attempts} attempt(s), {Why}; the message goes to the error queue")]
    private static partial void LogGaveUp(ILogger logger, long orderNumber, Guid orderId, string why, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the sent confirmation of order {OrderId} failed (attempt {Attempt}); the email was accepted by the SMTP server")]
    private static partial void LogRecordFailed(ILogger logger, Guid orderId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The SMTP reply for order {OrderId} was not kept: {Reason}")]
    private static partial void LogReplyNotSaved(ILogger logger, Guid orderId, string reason);
}
