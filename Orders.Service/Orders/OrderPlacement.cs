using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Service.Catalog;
using Orders.Service.Customers;
using Orders.Service.Data;
using ServiceDefaults.Data;

namespace Orders.Service.Orders;

/// <summary>
/// The SQL of placing an order, in one place. Rows many orders share (a popular product's stock, a customer's counts)
/// are locked as late as possible: everything else is read first, and the order's rows are written, the stock taken and
/// the counts changed in one round trip just before the commit, so that they stay locked only for it and the commit. The performance
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
        await using var batch = db.NewBatchInTransaction();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT n.number, c.email, c.name, c.deleted, p.sku, p.name, p.unit_price, p.stock, p.active
            FROM (SELECT nextval('order_numbers') AS number) n -- OrdersDb.OrderNumbers
            LEFT JOIN customers c ON c.user_id = $1
            LEFT JOIN products p ON p.sku = ANY($2)
            """)
        {
            Parameters = { new() { Value = userId }, new() { Value = skus } },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        long number = 0;
        string? email = null, name = null;
        var deleted = false;
        while (await reader.ReadAsync(ct)) // the number's row is always there; one per product found
        {
            (number, email, name, deleted) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), !reader.IsDBNull(3) && reader.GetBoolean(3));
            if (!reader.IsDBNull(4))
            {
                var sku = reader.GetString(4);
                products[sku] = new Product { Sku = sku, Name = reader.GetString(5), UnitPrice = reader.GetDecimal(6), Stock = reader.GetInt32(7), Active = reader.GetBoolean(8) };
            }
        }

        return new OrderQuote(products, number, email ?? tokenEmail, name ?? tokenName, deleted);
    }

    /// <summary>
    /// One round trip, in the order's transaction: writes the order, its lines and its event (<paramref name="placed"/>,
    /// from the outbox); then locks the products in SKU order (as returning stock does, so two orders never wait on each
    /// other in a circle), takes every line's quantity only if every line still fits (active, enough stock, the price
    /// and name it was quoted at), and counts the order on the customer's row (upserted) for its aggregates and limits.
    /// The rows are written with SQL, not EF's change tracker: this is the hot path of the whole shop (docs/architecture.md,
    /// "Orders priced from the catalog, stock taken in the order's transaction"). A caller refusing afterwards rolls the
    /// transaction back, and the rows go with it.
    /// </summary>
    public static async Task<StockTake> WriteAndTakeStockAsync(OrdersDb db, Order order, NpgsqlBatchCommand placed, string tokenEmail, string tokenName,
        CancellationToken ct)
    {
        var lines = order.Items;
        var (skus, names, quantities, prices) = (lines.Select(l => l.Sku).ToArray(), lines.Select(l => l.Name).ToArray(),
            lines.Select(l => l.Quantity).ToArray(), lines.Select(l => l.UnitPrice).ToArray());
        await using var batch = db.NewBatchInTransaction();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO orders (id, number, user_id, status, currency, total, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
            RETURNING xmin
            """)
        {
            Parameters =
            {
                new() { Value = order.Id }, new() { Value = order.Number }, new() { Value = order.UserId },
                new() { Value = OrdersDb.StatusName(order.Status) }, new() { Value = order.Currency }, new() { Value = order.Total },
                new() { Value = order.CreatedAt },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price)
            SELECT $1, i.* FROM unnest($2::integer[], $3::text[], $4::text[], $5::integer[], $6::numeric[]) AS i
            """)
        {
            Parameters =
            {
                new() { Value = order.Id }, new() { Value = lines.Select(l => l.Line).ToArray() }, new() { Value = skus }, new() { Value = names },
                new() { Value = quantities }, new() { Value = prices },
            },
        });
        batch.BatchCommands.Add(placed);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
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
                new() { Value = skus }, new() { Value = quantities }, new() { Value = prices }, new() { Value = names },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
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
                new() { Value = order.UserId }, new() { Value = tokenEmail }, new() { Value = tokenName }, new() { Value = order.Total },
                new() { Value = order.CreatedAt }, new() { Value = order.CreatedAt - OrderLimits.Window },
            },
        });

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        order.Written(reader.GetFieldValue<uint>(0));
        await reader.NextResultAsync(ct); // the lines and the event return nothing: next, the products
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
