namespace Notifications.Worker.AccountEmails;

/// <summary>
/// The idempotency record of an account email: committed only after the SMTP server accepted it, so a missing row
/// means "send it (again)". Keyed by <see cref="EmailId"/> (the link's id, or the event's).
/// </summary>
public sealed class SentAccountEmail
{
    public Guid EmailId { get; init; }

    public AccountEmailKind Kind { get; init; }

    /// <summary>The event that got the email out (later duplicates of it are skipped).</summary>
    public Guid EventId { get; init; }

    public Guid AccountId { get; init; }

    public required string Recipient { get; init; }

    public required string MessageId { get; init; }

    public string? TraceId { get; init; }

    public string? SmtpReply { get; init; }

    public DateTimeOffset SentAt { get; init; }
}
