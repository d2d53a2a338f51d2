using Microsoft.EntityFrameworkCore;
using Notifications.Worker.OrderConfirmations;

namespace Notifications.Worker.Data;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : DbContext(options)
{
    public DbSet<SentOrderConfirmation> SentOrderConfirmations => Set<SentOrderConfirmation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SentOrderConfirmation>(sent =>
        {
            sent.ToTable("sent_order_confirmations");
            // One confirmation per order, whichever event (or redelivery of it) asked for it.
            sent.HasKey(s => s.OrderId);
            sent.Property(s => s.Recipient).HasMaxLength(320);
            sent.Property(s => s.MessageId).HasMaxLength(255);
            sent.Property(s => s.TraceId).HasMaxLength(32);
            sent.Property(s => s.SmtpReply).HasMaxLength(500);
            sent.HasIndex(s => s.SentAt);
        });
    }
}
