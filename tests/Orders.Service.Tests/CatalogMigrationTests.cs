using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Service.Data;

namespace Orders.Service.Tests;

/// <summary>The catalog's migration applies to a database that already holds orders, and keeps them.</summary>
public sealed class CatalogMigrationTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_product_catalog_migration_runs_on_a_database_with_orders()
    {
        var server = new NpgsqlConnectionStringBuilder(await orders.ConnectionStringAsync("ordersdb"));
        var name = $"ordersdb_upgrade_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var upgraded = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = false };
            await using var db = new OrdersDb(new DbContextOptionsBuilder<OrdersDb>().UseNpgsql(upgraded.ConnectionString).UseSnakeCaseNamingConvention().Options);
            await db.Database.MigrateAsync("20261125020028_InitialSchema", Ct);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO orders (id, user_id, status, currency, total, created_at, updated_at)
                VALUES ('0193a000-0000-7000-8000-000000000001', gen_random_uuid(), 'pending', 'EUR', 12.50, now(), now());
                INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price)
                VALUES ('0193a000-0000-7000-8000-000000000001', 1, 'BOOK-42', 'A book', 1, 12.50);
                """, Ct);

            await db.Database.MigrateAsync(Ct);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO products (sku, name, unit_price, stock, active, created_at, updated_at) VALUES ('BOOK-42', 'A book', 12.50, 3, true, now(), now())", Ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Equal(1, await db.Orders.CountAsync(Ct));
            Assert.Equal("A book", (await db.Products.SingleAsync(Ct)).Name);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(server.ConnectionString);
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }
}
