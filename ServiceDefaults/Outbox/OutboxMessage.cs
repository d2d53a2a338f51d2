using Microsoft.EntityFrameworkCore;

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

public static class OutboxModel
{
    public const string Table = "outbox_messages";

    public static ModelBuilder AddOutbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(message =>
        {
            message.ToTable(Table);
            message.HasKey(m => m.Id);
            message.Property(m => m.MessageType).HasMaxLength(200);
            message.Property(m => m.Payload).HasColumnType("jsonb");
            message.Property(m => m.TraceParent).HasMaxLength(55);
            message.Property(m => m.TraceState).HasMaxLength(512);
            message.Property(m => m.LastError).HasMaxLength(2000);
            // What the relay scans: only unsent rows, in due order.
            message.HasIndex(m => new { m.NextAttemptAt, m.Id }).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
            message.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_sent");
        });
        return model;
    }
}
