namespace Notifications.Worker.OrderConfirmations;

/// <summary>
/// The idempotency record: the confirmation of this order was accepted by the SMTP server. Written only
/// after the server's 250 (committed only then), so a missing row means "send it (again)", never "it may have been lost".
/// </summary>
public sealed class SentOrderConfirmation
{
    public Guid OrderId { get; init; }

    /// <summary>The OrderPlaced event that got the email out (later duplicates of it, or of the order, are skipped).</summary>
    public Guid EventId { get; init; }

    public long OrderNumber { get; init; }

    public required string Recipient { get; init; }

    /// <summary>The email's Message-ID (derived from the order id).</summary>
    public required string MessageId { get; init; }

    /// <summary>The trace of the request that placed the order (the email's X-Trace-Id).</summary>
    public string? TraceId { get; init; }

    public string? SmtpReply { get; init; }

    public DateTimeOffset SentAt { get; init; }
}
