using Identity.Service.Links;
using Identity.Service.Accounts;
using Identity.Service.Sessions;
using Identity.Service.SignInThrottling;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Outbox;

namespace Identity.Service.Data;

/// <summary>
/// Accounts and roles (ASP.NET Core Identity), OpenIddict's clients, scopes, authorizations and tokens, the Data
/// Protection key ring, emailed links, which session got which tokens, sign-in throttling, and the outbox.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();

    public DbSet<SessionGrant> SessionGrants => Set<SessionGrant>();

    public DbSet<SignInThrottleEntry> SignInThrottles => Set<SignInThrottleEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.AddOutbox();
        builder.Entity<Account>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(Accounts.Pages.RegisterModel.MaxDisplayNameLength * ServiceDefaults.Validation.TextRules.MaxUnitsPerCharacter);
            account.Property(a => a.CreatedAt).HasDefaultValueSql("now()");
        });
        builder.Entity<AccountLink>(link =>
        {
            link.ToTable("account_links");
            link.HasKey(l => l.Id);
            link.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(20);
            link.Property(l => l.Email).HasMaxLength(256);
            link.Property(l => l.TokenHash).HasMaxLength(32);
            link.HasIndex(l => new { l.AccountId, l.Purpose });
            link.HasIndex(l => l.ExpiresAt);
        });
        builder.Entity<SessionGrant>(grant =>
        {
            grant.ToTable("session_grants");
            grant.HasKey(g => new { g.SessionId, g.AuthorizationId });
            grant.Property(g => g.AuthorizationId).HasMaxLength(100);
            grant.HasIndex(g => g.AccountId);
        });
        builder.Entity<SignInThrottleEntry>(entry =>
        {
            entry.ToTable("sign_in_throttles");
            entry.HasKey(e => e.Key);
            entry.Property(e => e.Key).HasMaxLength(400);
            entry.HasIndex(e => e.LastFailureAt);
        });
    }
}
