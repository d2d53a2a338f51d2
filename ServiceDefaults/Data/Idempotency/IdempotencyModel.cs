using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Idempotency;

/// <summary>The idempotency records table in a service's model.</summary>
public static class IdempotencyModel
{
    public const string Table = "idempotency_records";

    public static ModelBuilder AddIdempotencyRecords(this ModelBuilder model)
    {
        model.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable(Table);
            record.HasKey(r => new { r.Scope, r.Key });
            record.Property(r => r.Scope).HasMaxLength(200);
            record.Property(r => r.Key).HasMaxLength(255);
            record.HasIndex(r => r.CreatedAt);
        });
        return model;
    }
}
