using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Outbox;

/// <summary>The outbox table in a service's model.</summary>
public static class OutboxModel
{
    public const string Table = "outbox_messages";

    /// <summary>
    /// A new message's row, for a raw batch (<see cref="IOutbox.EnqueueCommand"/>): $1 id, $2 type, $3 payload, $4 trace
    /// parent, $5 trace state, $6 created (and first due). The columns <see cref="AddOutbox"/> maps; keep the two together.
    /// </summary>
    internal const string InsertSql = $"""
        INSERT INTO {Table} (id, message_type, payload, trace_parent, trace_state, created_at, next_attempt_at, attempts)
        VALUES ($1, $2, $3::jsonb, $4, $5, $6, $6, 0)
        """;

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
