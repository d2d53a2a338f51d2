using Microsoft.EntityFrameworkCore;
using Notifications.Worker.Data;
using Notifications.Worker.Email;
using ServiceDefaults.Data;

namespace Notifications.Worker.AccountEmails;

/// <summary>
/// The record of account emails sent, one per link (or per event for notices): the same protocol as the order emails'
/// ledger (docs/architecture.md, "Once-only email"): lock, check, write the row, send, commit after the server's 250.
/// </summary>
public sealed partial class AccountEmailLedger(NotificationsDb db, SentRecordCommit commit, TimeProvider clock, ILogger<AccountEmailLedger> logger)
{
    public Task<SentEmailClaim<SentAccountEmail>> ClaimAsync(Guid emailId, CancellationToken cancellationToken) =>
        SentEmailClaims.TakeAsync<SentAccountEmail>(db, $"account-email:{emailId}",
            () => db.SentAccountEmails.AsNoTracking().FirstOrDefaultAsync(s => s.EmailId == emailId, cancellationToken), cancellationToken);

    /// <summary>Writes the record inside the claim's transaction: invisible until the commit that follows the server's 250.</summary>
    public async Task<SentAccountEmail> WriteBeforeSendingAsync(AccountEmailRequest request, MimeKit.MimeMessage email, string? traceId,
        CancellationToken cancellationToken)
    {
        var record = new SentAccountEmail
        {
            EmailId = request.EmailId,
            Kind = request.Kind,
            EventId = request.EventId,
            AccountId = request.AccountId,
            Recipient = request.Email,
            MessageId = email.MessageId!,
            TraceId = traceId,
            SentAt = clock.GetUtcNow(),
        };
        db.SentAccountEmails.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>Commits the record after the server's 250 (see <see cref="SentRecordCommit"/>).</summary>
    public Task CommitSentAsync(SentEmailClaim<SentAccountEmail> claim, SentAccountEmail record) =>
        commit.CommitAsync(claim.Work, fresh => fresh.Database.ExecuteSqlAsync($"""
            INSERT INTO sent_account_emails (email_id, kind, event_id, account_id, recipient, message_id, trace_id, sent_at)
            VALUES ({record.EmailId}, {record.Kind.ToString()}, {record.EventId}, {record.AccountId}, {record.Recipient}, {record.MessageId}, {record.TraceId}, {record.SentAt})
            ON CONFLICT (email_id) DO NOTHING
            """, CancellationToken.None), (attempt, e) => LogRecordFailed(logger, record.Kind, record.EmailId, attempt, e));

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the sent {Kind} email {EmailId} failed (attempt {Attempt}); the email was accepted by the SMTP server")]
    private static partial void LogRecordFailed(ILogger logger, AccountEmailKind kind, Guid emailId, int attempt, Exception exception);
}
