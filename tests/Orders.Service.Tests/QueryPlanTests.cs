using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Service.Orders;
using Orders.Service.Reports;
using ServiceDefaults.Pagination;

namespace Orders.Service.Tests;

/// <summary>
/// The API's queries use indexes: with enough rows for the planner to care, EXPLAIN shows no sequential scan of
/// orders, order_items (the caller's list, the read by id) or customers (the report). What is explained is the SQL that
/// EF generates from the service's own query objects (<see cref="OrdersApi.ListPage"/>, <see cref="OrderQueries.ById"/>,
/// <see cref="ReportsApi.TopCustomersPage"/>), with their parameters, as the endpoints run them.
/// </summary>
public sealed class QueryPlanTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_list_the_read_by_id_and_the_report_do_not_scan_whole_tables()
    {
        await using var db = await orders.DatabaseAsync();
        await SeedAsync(db);
        var user = await db.Orders.Select(o => o.UserId).FirstAsync(Ct);
        var someOrder = await db.Orders.Where(o => o.UserId == user).Select(o => new { o.Id, o.CreatedAt }).FirstAsync(Ct);
        var someCustomer = await db.Customers.Where(c => c.TotalSpent > 100m).Select(c => new { c.TotalSpent, c.UserId }).FirstAsync(Ct);

        // The endpoints' queries, from the query-string objects a request binds to.
        var list = OrdersApi.ListPage(db.Orders.AsNoTracking(), user, new ListOrdersQuery());
        var listPage2 = OrdersApi.ListPage(db.Orders.AsNoTracking(), user, new ListOrdersQuery
        {
            StatusFilter = "pending",
            Cursor = Cursors.Encode(new OrderCursor(someOrder.CreatedAt, someOrder.Id)),
        });
        var byId = OrderQueries.ById(db.Orders.AsNoTracking(), someOrder.Id);
        var report = ReportsApi.TopCustomersPage(db.Customers.AsNoTracking(), new TopCustomersQuery { MinTotal = 100m });
        var reportPage2 = ReportsApi.TopCustomersPage(db.Customers.AsNoTracking(), new TopCustomersQuery
        {
            MinTotal = 100m,
            Cursor = Cursors.Encode(new TopCustomerCursor(someCustomer.TotalSpent, someCustomer.UserId)),
        });

        foreach (var (name, plan) in new[]
        {
            ("list", await PlanAsync(list.CreateDbCommand())),
            ("list, page 2, by status", await PlanAsync(listPage2.CreateDbCommand())),
            ("by id", await PlanAsync(byId.CreateDbCommand())),
            ("report", await PlanAsync(report.CreateDbCommand())),
            ("report, page 2", await PlanAsync(reportPage2.CreateDbCommand())),
        })
        {
            Assert.False(plan.Contains("Seq Scan on orders", StringComparison.Ordinal), $"{name}: {plan}");
            Assert.False(plan.Contains("Seq Scan on customers", StringComparison.Ordinal), $"{name}: {plan}");
            Assert.False(plan.Contains("Seq Scan on order_items", StringComparison.Ordinal), $"{name}: {plan}");
        }
    }

    /// <summary>20,000 orders over 2,000 customers (with their aggregates), written straight into the tables.</summary>
    private static async Task SeedAsync(global::Orders.Service.Data.OrdersDb db)
    {
        await db.Database.ExecuteSqlRawAsync("""
            WITH users AS (SELECT gen_random_uuid() AS user_id FROM generate_series(1, 2000)),
                 placed AS (
                    INSERT INTO orders (id, user_id, status, currency, total, created_at, updated_at)
                    SELECT gen_random_uuid(), u.user_id, 'pending', 'EUR', (random() * 500 + 1)::numeric(10,2),
                           now() - (g * interval '1 minute'), now()
                    FROM users u CROSS JOIN generate_series(1, 10) g
                    RETURNING id, user_id, total)
            , items AS (
                    INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price)
                    SELECT id, 1, 'SEED', 'Seeded item', 1, total FROM placed)
            INSERT INTO customers (user_id, email, name, deleted, order_count, total_spent)
            SELECT user_id, NULL, 'Seeded', false, count(*), sum(total) FROM placed GROUP BY user_id
            """, Ct);
        await db.Database.ExecuteSqlRawAsync("ANALYZE orders; ANALYZE order_items; ANALYZE customers;", Ct);
    }

    private static async Task<string> PlanAsync(System.Data.Common.DbCommand command)
    {
        var connection = (NpgsqlConnection)command.Connection!; // the context's own; it closes it
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(Ct);
        }

        command.CommandText = "EXPLAIN " + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
