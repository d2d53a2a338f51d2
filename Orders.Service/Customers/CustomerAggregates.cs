using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;

namespace Orders.Service.Customers;

/// <summary>
/// Keeps each customer's order count and total spent exact, inside the transaction of the order change
/// (single-statement upserts: concurrent orders of one customer serialise on its row, nothing is lost).
/// </summary>
public static class CustomerAggregates
{
    /// <summary>A new order: count it; the first order also records the name and email from the caller's token until the profile event arrives.</summary>
    public static Task OrderPlacedAsync(this OrdersDb db, Guid userId, string? email, string? name, decimal total, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO customers (user_id, email, name, deleted, order_count, total_spent)
            VALUES ({userId}, {email}, {name}, false, 1, {total})
            ON CONFLICT (user_id) DO UPDATE SET
                order_count = customers.order_count + 1,
                total_spent = customers.total_spent + EXCLUDED.total_spent,
                email = COALESCE(customers.email, EXCLUDED.email),
                name = COALESCE(customers.name, EXCLUDED.name)
            """, ct);

    /// <summary>A cancelled order no longer counts.</summary>
    public static Task OrderCancelledAsync(this OrdersDb db, Guid userId, decimal total, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE customers SET order_count = order_count - 1, total_spent = total_spent - {total}
            WHERE user_id = {userId}
            """, ct);
}
