using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Notifications.Worker.Data;

/// <summary>For `dotnet ef migrations add`: the model only, no database connection.</summary>
internal sealed class DesignTimeNotificationsDb : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsDb>()
        .UseNpgsql("Host=design-time").UseSnakeCaseNamingConvention().Options);
}
