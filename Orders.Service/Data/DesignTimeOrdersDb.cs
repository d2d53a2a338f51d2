using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orders.Service.Data;

/// <summary>For `dotnet ef migrations add`: the model only, no database connection.</summary>
internal sealed class DesignTimeOrdersDb : IDesignTimeDbContextFactory<OrdersDb>
{
    public OrdersDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrdersDb>()
        .UseNpgsql("Host=design-time").UseSnakeCaseNamingConvention().Options);
}
