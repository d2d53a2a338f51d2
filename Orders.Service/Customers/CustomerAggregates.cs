using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;

namespace Orders.Service.Customers;

/// <summary>
/// Keeps each customer's order count and total spent exact, inside the transaction of the order change
/// (single-statement upserts: concurrent orders of one customer serialise on its row, nothing is lost).
/// </summary>
public static class CustomerAggregates
{
    /// <summary>
    /// For a new order, in one round trip: upserts the customer with the order counted in its aggregates, draws
    /// the order number, and returns the contact details to write to (the profile's, from Users.Service's events;
    /// the token's until the first event arrives, which are also recorded then).
    /// </summary>
    public static async Task<NewOrderContact> UpsertCustomerAndDrawOrderNumberAsync(this OrdersDb db, Guid userId,
        string tokenEmail, string tokenName, decimal total, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<NewOrderContact>($"""
            INSERT INTO customers AS c (user_id, email, name, deleted, order_count, total_spent)
            VALUES ({userId}, {tokenEmail}, {tokenName}, false, 1, {total})
            ON CONFLICT (user_id) DO UPDATE SET
                order_count = c.order_count + 1,
                total_spent = c.total_spent + EXCLUDED.total_spent,
                email = COALESCE(c.email, EXCLUDED.email),
                name = COALESCE(c.name, EXCLUDED.name)
            RETURNING c.email AS email, c.name AS name, nextval('order_numbers') AS number -- OrdersDb.OrderNumbers
            """).ToListAsync(ct);
        return rows.Single();
    }

    /// <summary>Takes a cancelled order out of its customer's aggregates.</summary>
    public static Task UncountCancelledOrderAsync(this OrdersDb db, Guid userId, decimal total, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE customers SET order_count = order_count - 1, total_spent = total_spent - {total}
            WHERE user_id = {userId}
            """, ct);
}
