using Identity.Service.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Identity.Service.Data;

/// <summary>Accounts and roles (ASP.NET Core Identity), OpenIddict's clients, scopes, authorizations and tokens, and the Data Protection key ring.</summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<Account>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(Accounts.Pages.RegisterModel.MaxDisplayNameLength * ServiceDefaults.Validation.TextRules.MaxUnitsPerCharacter);
            account.Property(a => a.CreatedAt).HasDefaultValueSql("now()");
        });
    }
}
