using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Orders.Service.Catalog;
using Orders.Service.Customers;
using Orders.Service.Data;

namespace Orders.Service.Orders;

/// <summary>
/// The SQL of placing an order, in one place. Rows many orders share (a popular product's stock, a customer's counts)
/// are locked as late as possible: everything else is read or written first, and the stock and the counts change in
/// one round trip just before the commit, so that they stay locked only for it and the commit. The performance
/// reasoning is in docs/architecture.md ("Orders priced from the catalog, stock taken in the order's transaction").
/// </summary>
public static class OrderPlacement
{
    /// <summary>
    /// One round trip, nothing locked: the named products as committed, the order's number from its sequence, and the
    /// customer's contact details (the profile's, from Users.Service's events; the token's until the first one arrives).
    /// </summary>
    public static async Task<OrderQuote> QuoteAsync(OrdersDb db, Guid userId, string tokenEmail, string tokenName, string[] skus, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<OrderQuoteRow>($"""
            SELECT p.sku, p.name AS product_name, p.unit_price, p.stock, p.active,
                   n.number, c.email, c.name AS customer_name, c.deleted
            FROM (SELECT nextval('order_numbers') AS number) n -- OrdersDb.OrderNumbers
            LEFT JOIN customers c ON c.user_id = {userId}
            LEFT JOIN products p ON p.sku = ANY({skus})
            """).ToListAsync(ct);
        var first = rows[0]; // the number's row is always there
        var products = rows.Where(r => r.Sku is not null).ToDictionary(
            r => r.Sku!,
            r => new Product { Sku = r.Sku!, Name = r.ProductName!, UnitPrice = r.UnitPrice!.Value, Stock = r.Stock!.Value, Active = r.Active!.Value },
            StringComparer.Ordinal);
        return new OrderQuote(products, first.Number, first.Email ?? tokenEmail, first.CustomerName ?? tokenName, first.Deleted == true);
    }

    /// <summary>
    /// One round trip, in the order's transaction, after its rows are written: locks the products in SKU order (as
    /// returning stock does, so two orders never wait on each other in a circle), takes every line's quantity only if
    /// every line still fits (active, enough stock, the price and name it was quoted at), then counts the order on the
    /// customer's row (upserted) for its aggregates and limits. A caller refusing afterwards rolls the transaction back.
    /// </summary>
    public static async Task<StockTake> TakeStockAndCountAsync(OrdersDb db, IReadOnlyList<OrderLine> lines, Guid userId, string tokenEmail, string tokenName,
        decimal total, DateTimeOffset now, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Stock is taken in the order's transaction.");
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction())
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    WITH wanted AS (
                        SELECT * FROM unnest($1::text[], $2::integer[], $3::numeric[], $4::text[]) AS w(sku, quantity, unit_price, name)),
                    locked AS MATERIALIZED (
                        SELECT p.sku, p.name, p.unit_price, p.stock, p.active FROM products p
                        WHERE p.sku = ANY($1) ORDER BY p.sku FOR UPDATE),
                    fit AS (
                        SELECT count(*) = cardinality($1) AS every_line FROM locked l JOIN wanted w ON w.sku = l.sku
                        WHERE l.active AND l.stock >= w.quantity AND l.unit_price = w.unit_price AND l.name = w.name),
                    taken AS (
                        UPDATE products p SET stock = p.stock - w.quantity
                        FROM wanted w
                        WHERE p.sku = w.sku AND (SELECT every_line FROM fit)
                        RETURNING p.sku, p.description, p.stock, p.created_at, p.updated_at, p.xmin)
                    SELECT l.sku, l.name, l.unit_price, l.stock, l.active,
                           t.sku IS NOT NULL AS taken, t.description, t.stock AS stock_after, t.created_at, t.updated_at, t.xmin
                    FROM locked l LEFT JOIN taken t ON t.sku = l.sku
                    """)
                {
                    Parameters =
                    {
                        new() { Value = lines.Select(l => l.Sku).ToArray() },
                        new() { Value = lines.Select(l => l.Quantity).ToArray() },
                        new() { Value = lines.Select(l => l.UnitPrice).ToArray() },
                        new() { Value = lines.Select(l => l.Name).ToArray() },
                    },
                },
                new NpgsqlBatchCommand("""
                    INSERT INTO customers AS c (user_id, email, name, deleted, order_count, total_spent, pending_orders, order_window_started_at, orders_in_window)
                    VALUES ($1, $2, $3, false, 1, $4, 1, $5, 1)
                    ON CONFLICT (user_id) DO UPDATE SET
                        order_count = c.order_count + 1,
                        total_spent = c.total_spent + EXCLUDED.total_spent,
                        pending_orders = c.pending_orders + 1,
                        orders_in_window = CASE WHEN c.order_window_started_at > $6 THEN c.orders_in_window + 1 ELSE 1 END,
                        order_window_started_at = CASE WHEN c.order_window_started_at > $6 THEN c.order_window_started_at ELSE EXCLUDED.order_window_started_at END,
                        email = CASE WHEN c.deleted THEN NULL ELSE COALESCE(c.email, EXCLUDED.email) END,
                        name = CASE WHEN c.deleted THEN NULL ELSE COALESCE(c.name, EXCLUDED.name) END
                    RETURNING c.deleted, c.pending_orders, c.orders_in_window, c.order_window_started_at
                    """)
                {
                    Parameters =
                    {
                        new() { Value = userId }, new() { Value = tokenEmail }, new() { Value = tokenName }, new() { Value = total },
                        new() { Value = now }, new() { Value = now - OrderLimits.Window },
                    },
                },
            },
        };

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var locked = new Dictionary<string, Product>(StringComparer.Ordinal);
        var changed = new List<CachedProduct>();
        var taken = false;
        while (await reader.ReadAsync(ct))
        {
            var product = new Product
            {
                Sku = reader.GetString(0), Name = reader.GetString(1), UnitPrice = reader.GetDecimal(2), Stock = reader.GetInt32(3), Active = reader.GetBoolean(4),
            };
            locked[product.Sku] = product;
            taken = reader.GetBoolean(5);
            if (taken)
            {
                changed.Add(new CachedProduct(product.Sku, product.Name, reader.IsDBNull(6) ? null : reader.GetString(6), product.UnitPrice, reader.GetInt32(7),
                    product.Active, reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<uint>(10)));
            }
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var customer = new CustomerCounts(reader.GetBoolean(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));
        return new StockTake(taken && changed.Count == lines.Count, locked, changed, customer);
    }
}
