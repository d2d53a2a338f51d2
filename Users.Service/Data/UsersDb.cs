using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Idempotency;
using ServiceDefaults.Outbox;
using ServiceDefaults.Validation;
using Users.Service.Accounts;
using Users.Service.Users;

namespace Users.Service.Data;

public sealed class UsersDb(DbContextOptions<UsersDb> options) : DbContext(options)
{
    public const string EmailUniqueIndex = "ux_users_email";

    public DbSet<User> Users => Set<User>();

    public DbSet<ErasedAccount> ErasedAccounts => Set<ErasedAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Email).HasMaxLength(255);
            // 100 characters as people count them; see TextRules.MaxUnitsPerCharacter.
            user.Property(u => u.Name).HasMaxLength(UserRequest.MaxNameLength * TextRules.MaxUnitsPerCharacter);
            user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
            user.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");
            user.Property(u => u.Version).IsRowVersion();
            // One index on email (EF Core keeps one per column set: a second HasIndex on it renames the first):
            // unique, and with text_pattern_ops so that prefix filters (LIKE 'abc%') use it whatever the collation.
            user.HasIndex(u => u.Email).IsUnique().HasOperators("text_pattern_ops").HasDatabaseName(EmailUniqueIndex);
            user.Property<string>("NameLower").HasComputedColumnSql("lower(name)", stored: true).HasMaxLength(UserRequest.MaxNameLength * TextRules.MaxUnitsPerCharacter);
            // The name's prefix filter (case-insensitive: on the lower-cased name) the same way.
            user.HasIndex("NameLower").HasOperators("text_pattern_ops").HasDatabaseName("ix_users_name_prefix");
        });

        modelBuilder.Entity<ErasedAccount>(erased =>
        {
            erased.ToTable("erased_accounts");
            erased.HasKey(e => e.Id);
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddIdempotencyRecords();
    }
}
