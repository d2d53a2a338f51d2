using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Users.Service.Data;

/// <summary>For `dotnet ef migrations add`: the model only, no database connection.</summary>
internal sealed class DesignTimeUsersDb : IDesignTimeDbContextFactory<UsersDb>
{
    public UsersDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<UsersDb>()
        .UseNpgsql("Host=design-time").UseSnakeCaseNamingConvention().Options);
}
