using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Service.Data;

namespace Orders.Service.Tests;

/// <summary>The catalog's migrations apply to a database that already holds orders, keep them, and count them as the report now does.</summary>
public sealed class CatalogMigrationTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_migrations_run_on_a_database_with_orders_keep_their_lines_and_recount_the_customers()
    {
        // As the server's superuser: a service's own role may not create databases (LeastPrivilegeTests).
        var server = new NpgsqlConnectionStringBuilder(await orders.ConnectionStringAsync("postgres")) { Database = "postgres" };
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
            // One customer as the old code left them: four orders counted (a cancelled one included), in two currencies.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO customers (user_id, email, name, deleted, order_count, total_spent)
                VALUES ('0193a000-0000-7000-8000-0000000000aa', 'old@example.com', 'Old customer', false, 4, 1137.50);
                INSERT INTO orders (id, user_id, status, currency, total, created_at, updated_at) VALUES
                    ('0193a000-0000-7000-8000-000000000001', '0193a000-0000-7000-8000-0000000000aa', 'pending', 'EUR', 12.50, now(), now()),
                    ('0193a000-0000-7000-8000-000000000002', '0193a000-0000-7000-8000-0000000000aa', 'shipped', 'EUR', 25.00, now(), now()),
                    ('0193a000-0000-7000-8000-000000000003', '0193a000-0000-7000-8000-0000000000aa', 'cancelled', 'EUR', 100.00, now(), now()),
                    ('0193a000-0000-7000-8000-000000000004', '0193a000-0000-7000-8000-0000000000aa', 'pending', 'USD', 1000.00, now(), now());
                INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price) VALUES
                    ('0193a000-0000-7000-8000-000000000001', 1, 'BOOK-42', 'A book', 1, 12.50),
                    ('0193a000-0000-7000-8000-000000000002', 1, 'PEN-1', 'A pen chosen by the client', 5, 5.00),
                    ('0193a000-0000-7000-8000-000000000003', 1, 'LAMP-1', 'A lamp', 1, 100.00),
                    ('0193a000-0000-7000-8000-000000000004', 1, 'DESK-1', 'A desk', 1, 1000.00);
                """, Ct);

            await db.Database.MigrateAsync(Ct);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO products (sku, name, unit_price, stock, active, created_at, updated_at) VALUES ('BOOK-42', 'A book', 12.50, 3, true, now(), now())", Ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Equal(4, await db.Orders.CountAsync(Ct));
            Assert.Equal("A book", (await db.Products.SingleAsync(Ct)).Name);
            var pen = await db.Orders.Include(o => o.Items).SingleAsync(o => o.Total == 25.00m, Ct);
            Assert.Equal(("PEN-1", "A pen chosen by the client", 5, 5.00m), (pen.Items[0].Sku, pen.Items[0].Name, pen.Items[0].Quantity, pen.Items[0].UnitPrice));

            var customer = await db.Customers.SingleAsync(Ct);
            Assert.Equal(2, customer.PendingOrders);   // the two pending orders, whatever their currency
            Assert.Equal(3, customer.OrderCount);      // not the cancelled one
            Assert.Equal(37.50m, customer.TotalSpent); // EUR, not cancelled: 12.50 + 25.00
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
