namespace Notifications.Worker.OrderEmails;

/// <summary>
/// The idempotency record: the email of this kind for this order was accepted by the SMTP server. Written only
/// after the server's 250 (committed only then), so a missing row means "send it (again)", never "it may have been lost".
/// </summary>
public sealed class SentOrderEmail
{
    public Guid OrderId { get; init; }

    public OrderEmailKind Kind { get; init; }

    /// <summary>The event that got the email out (later duplicates of it, or of the order's step, are skipped).</summary>
    public Guid EventId { get; init; }

    public long OrderNumber { get; init; }

    public required string Recipient { get; init; }

    /// <summary>The email's Message-ID (derived from the order id and the kind).</summary>
    public required string MessageId { get; init; }

    /// <summary>The trace of the request that made the change (the email's X-Trace-Id).</summary>
    public string? TraceId { get; init; }

    public string? SmtpReply { get; init; }

    public DateTimeOffset SentAt { get; init; }
}
