using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Identity.Service.Data;

/// <summary>For `dotnet ef migrations add`: the model only, no database connection.</summary>
internal sealed class DesignTimeIdentityDb : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityDb>()
        .UseNpgsql("Host=design-time").UseSnakeCaseNamingConvention().Options);
}
