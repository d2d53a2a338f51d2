using Microsoft.EntityFrameworkCore;
using Notifications.Worker.Data;
using Notifications.Worker.Orders;
using ServiceDefaults.Data;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>
/// The worker's record of the confirmations it sent, which is what makes "once" possible: a row is written
/// inside the delivery's transaction before sending, and committed only after the SMTP server accepted the
/// message. See docs/architecture.md, "Once-only email".
/// </summary>
public sealed partial class SentConfirmationLedger(NotificationsDb db, IServiceScopeFactory scopes, TimeProvider clock, ILogger<SentConfirmationLedger> logger)
{
    /// <summary>How long recording a sent email is retried (the alternative is a second copy on redelivery).</summary>
    public static readonly TimeSpan RecordRetryBudget = TimeSpan.FromSeconds(60);

    /// <summary>Takes the order's lock in a new transaction, and reads whether its confirmation went out already.</summary>
    public async Task<ConfirmationClaim> ClaimAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var work = await db.BeginUnitOfWorkAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockId(orderId)})", cancellationToken);
            var sent = await db.SentOrderConfirmations.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, cancellationToken);
            return new ConfirmationClaim(work, sent);
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the record inside the claim's transaction, invisible until its commit, so that after the server's
    /// 250 one round trip (the COMMIT) is all that stands between its acceptance and our record of it.
    /// </summary>
    public async Task<SentOrderConfirmation> WriteBeforeSendingAsync(OrderPlaced order, MimeKit.MimeMessage email, string? traceId,
        CancellationToken cancellationToken)
    {
        var record = new SentOrderConfirmation
        {
            OrderId = order.OrderId,
            EventId = order.EventId,
            OrderNumber = order.OrderNumber,
            Recipient = order.CustomerEmail,
            MessageId = email.MessageId!, // set by OrderConfirmationEmail.Compose
            TraceId = traceId,
            SentAt = clock.GetUtcNow(),
        };
        db.SentOrderConfirmations.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// After the server's 250 a failure here means a second email on redelivery, so the commit is not cancelled by
    /// shutdown and, should it fail, the row is written again on fresh connections for up to
    /// <see cref="RecordRetryBudget"/>: long enough to ride out a database restart or fail-over.
    /// </summary>
    public async Task CommitSentAsync(ConfirmationClaim claim, SentOrderConfirmation record)
    {
        try
        {
            await claim.Work.CommitAsync(CancellationToken.None);
            return;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
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
            catch (Exception e) when (IsDatabaseFailure(e) && clock.GetElapsedTime(started) < RecordRetryBudget)
            {
                LogRecordFailed(logger, record.OrderId, attempt, e);
            }
        }
    }

    /// <summary>The server's reply (its queue id, for support) is kept on a best-effort basis, after the record is safe.</summary>
    public async Task SaveReplyAsync(Guid orderId, string reply)
    {
        try
        {
            var kept = reply.Length > 500 ? reply[..500] : reply;
            await db.SentOrderConfirmations.Where(s => s.OrderId == orderId)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.SmtpReply, kept), CancellationToken.None);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            LogReplyNotSaved(logger, orderId, e.Message);
        }
    }

    private static bool IsDatabaseFailure(Exception e) => e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException;

    private static long LockId(Guid orderId) => DatabaseExtensions.AdvisoryLockId($"order-confirmation:{orderId}");

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the sent confirmation of order {OrderId} failed (attempt {Attempt}); the email was accepted by the SMTP server")]
    private static partial void LogRecordFailed(ILogger logger, Guid orderId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The SMTP reply for order {OrderId} was not kept: {Reason}")]
    private static partial void LogReplyNotSaved(ILogger logger, Guid orderId, string reason);
}
