namespace ServiceDefaults.Outbox;

/// <summary>
/// An event waiting to be published, written in the same transaction as the change it describes, so an
/// event exists if and only if its change was committed. The relay publishes it and then marks it sent.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Also the MessageId on the broker, so consumers can deduplicate redeliveries.</summary>
    public Guid Id { get; init; }

    /// <summary>The message URN (e.g. urn:message:backend:orders:order-placed:v1).</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    /// <summary>W3C trace context of the request that wrote the event, so the publish joins its trace.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
