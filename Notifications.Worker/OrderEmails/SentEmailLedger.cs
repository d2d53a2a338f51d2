using Microsoft.EntityFrameworkCore;
using Notifications.Worker.Data;
using Notifications.Worker.Email;
using ServiceDefaults.Data;

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// The worker's record of the emails it sent, one per order and kind, which is what makes "once" possible: a row is written
/// inside the delivery's transaction before sending, and committed only after the SMTP server accepted the
/// message. See docs/architecture.md, "Once-only email".
/// </summary>
public sealed partial class SentEmailLedger(NotificationsDb db, SentRecordCommit commit, TimeProvider clock, ILogger<SentEmailLedger> logger)
{
    /// <summary>Takes the lock of the order's email of this kind in a new transaction, and reads whether that email went out already.</summary>
    public Task<SentEmailClaim<SentOrderEmail>> ClaimAsync(Guid orderId, OrderEmailKind kind, CancellationToken cancellationToken) =>
        SentEmailClaims.TakeAsync<SentOrderEmail>(db, LockName(orderId, kind),
            () => db.SentOrderEmails.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId && s.Kind == kind, cancellationToken), cancellationToken);

    /// <summary>
    /// Writes the record inside the claim's transaction, invisible until its commit, so that after the server's
    /// 250 one round trip (the COMMIT) is all that stands between its acceptance and our record of it.
    /// </summary>
    public async Task<SentOrderEmail> WriteBeforeSendingAsync(OrderEmailRequest order, MimeKit.MimeMessage email, string? traceId,
        CancellationToken cancellationToken)
    {
        var record = new SentOrderEmail
        {
            OrderId = order.OrderId,
            Kind = order.Kind,
            EventId = order.EventId,
            OrderNumber = order.OrderNumber,
            Recipient = order.CustomerEmail,
            MessageId = email.MessageId!, // set by OrderEmail.Compose
            TraceId = traceId,
            SentAt = clock.GetUtcNow(),
        };
        db.SentOrderEmails.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>Commits the record after the server's 250 (see <see cref="SentRecordCommit"/>).</summary>
    public Task CommitSentAsync(SentEmailClaim<SentOrderEmail> claim, SentOrderEmail record) =>
        commit.CommitAsync(claim.Work, fresh => fresh.Database.ExecuteSqlAsync($"""
            INSERT INTO sent_order_confirmations (order_id, kind, event_id, order_number, recipient, message_id, trace_id, sent_at)
            VALUES ({record.OrderId}, {record.Kind.ToString()}, {record.EventId}, {record.OrderNumber}, {record.Recipient}, {record.MessageId}, {record.TraceId}, {record.SentAt})
            ON CONFLICT (order_id, kind) DO NOTHING
            """, CancellationToken.None), (attempt, e) => LogRecordFailed(logger, record.Kind, record.OrderId, attempt, e));

    /// <summary>The server's reply (its queue id, for support) is kept on a best-effort basis, after the record is safe.</summary>
    public async Task SaveReplyAsync(Guid orderId, OrderEmailKind kind, string reply)
    {
        try
        {
            var kept = reply.Length > 500 ? reply[..500] : reply;
            await db.SentOrderEmails.Where(s => s.OrderId == orderId && s.Kind == kind)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.SmtpReply, kept), CancellationToken.None);
        }
        catch (Exception e) when (SentRecordCommit.IsDatabaseFailure(e))
        {
            LogReplyNotSaved(logger, orderId, e.Message);
        }
    }

    /// <summary>For the placed-order email the same id as before the other kinds existed ("order-confirmation:{id}").</summary>
    private static string LockName(Guid orderId, OrderEmailKind kind) => $"{kind.Key()}:{orderId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the sent {Kind} email of order {OrderId} failed (attempt {Attempt}); the email was accepted by the SMTP server")]
    private static partial void LogRecordFailed(ILogger logger, OrderEmailKind kind, Guid orderId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The SMTP reply for order {OrderId} was not kept: {Reason}")]
    private static partial void LogReplyNotSaved(ILogger logger, Guid orderId, string reason);
}
