using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using Orders.Service.Orders;

namespace Orders.Service.Customers;

/// <summary>
/// Keeps each customer's counts exact (orders, what they spent, pending orders, orders in the current minute),
/// inside the transaction of the order change (single-statement upserts: concurrent orders of one customer
/// serialise on its row, nothing is lost).
/// </summary>
public static class CustomerAggregates
{
    /// <summary>
    /// For a new order, in one round trip: upserts the customer with the order counted in its aggregates and limits,
    /// draws the order number, and returns the contact details to write to (the profile's, from Users.Service's
    /// events; the token's until the first event arrives, which are also recorded then) with the counts.
    /// </summary>
    public static async Task<NewOrderContact> UpsertCustomerAndDrawOrderNumberAsync(this OrdersDb db, Guid userId,
        string tokenEmail, string tokenName, decimal total, DateTimeOffset now, CancellationToken ct)
    {
        var windowOpenSince = now - OrderLimits.Window;
        var rows = await db.Database.SqlQuery<NewOrderContact>($"""
            INSERT INTO customers AS c (user_id, email, name, deleted, order_count, total_spent, pending_orders, order_window_started_at, orders_in_window)
            VALUES ({userId}, {tokenEmail}, {tokenName}, false, 1, {total}, 1, {now}, 1)
            ON CONFLICT (user_id) DO UPDATE SET
                order_count = c.order_count + 1,
                total_spent = c.total_spent + EXCLUDED.total_spent,
                pending_orders = c.pending_orders + 1,
                orders_in_window = CASE WHEN c.order_window_started_at > {windowOpenSince} THEN c.orders_in_window + 1 ELSE 1 END,
                order_window_started_at = CASE WHEN c.order_window_started_at > {windowOpenSince} THEN c.order_window_started_at ELSE EXCLUDED.order_window_started_at END,
                email = CASE WHEN c.deleted THEN NULL ELSE COALESCE(c.email, EXCLUDED.email) END,
                name = CASE WHEN c.deleted THEN NULL ELSE COALESCE(c.name, EXCLUDED.name) END
            RETURNING COALESCE(c.email, '') AS email, COALESCE(c.name, '') AS name, c.deleted AS deleted, nextval('order_numbers') AS number, -- OrdersDb.OrderNumbers
                c.pending_orders AS pending_orders, c.orders_in_window AS orders_in_window, c.order_window_started_at AS order_window_started_at
            """).ToListAsync(ct);
        return rows.Single();
    }

    /// <summary>
    /// After an order left pending (confirmed or cancelled) or was cancelled: takes it out of the pending count, and
    /// a cancelled one out of the orders counted and, when it was in the shop's currency, of what the customer spent.
    /// </summary>
    public static Task RecordOrderMovedAsync(this OrdersDb db, Guid userId, bool leftPending, bool cancelled, decimal uncountedSpending, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE customers SET
                pending_orders = pending_orders - {(leftPending ? 1 : 0)},
                order_count = order_count - {(cancelled ? 1 : 0)},
                total_spent = total_spent - {uncountedSpending}
            WHERE user_id = {userId}
            """, ct);
}
