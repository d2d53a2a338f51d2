using Microsoft.EntityFrameworkCore;
using Notifications.Worker.AccountEmails;
using Notifications.Worker.OrderEmails;

namespace Notifications.Worker.Data;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : DbContext(options)
{
    public DbSet<SentOrderEmail> SentOrderEmails => Set<SentOrderEmail>();

    public DbSet<SentAccountEmail> SentAccountEmails => Set<SentAccountEmail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SentOrderEmail>(sent =>
        {
            // The table keeps its first name (it held only placed-order emails then): renaming it buys nothing.
            sent.ToTable("sent_order_confirmations");
            // One email per order and kind, whichever event (or redelivery of it) asked for it.
            sent.HasKey(s => new { s.OrderId, s.Kind });
            sent.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            sent.Property(s => s.Recipient).HasMaxLength(320);
            sent.Property(s => s.MessageId).HasMaxLength(255);
            sent.Property(s => s.TraceId).HasMaxLength(32);
            sent.Property(s => s.SmtpReply).HasMaxLength(500);
            sent.HasIndex(s => s.SentAt);
        });
        modelBuilder.Entity<SentAccountEmail>(sent =>
        {
            sent.ToTable("sent_account_emails");
            // One email per link (or per notice), whichever delivery of the event asked for it.
            sent.HasKey(s => s.EmailId);
            sent.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
            sent.Property(s => s.Recipient).HasMaxLength(320);
            sent.Property(s => s.MessageId).HasMaxLength(255);
            sent.Property(s => s.TraceId).HasMaxLength(32);
            sent.Property(s => s.SmtpReply).HasMaxLength(500);
            sent.HasIndex(s => s.SentAt);
        });
    }
}
