using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Outbox;

/// <summary>The outbox table in a service's model.</summary>
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
