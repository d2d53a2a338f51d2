using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using Orders.Service.Orders;

namespace Orders.Service.Customers;

/// <summary>
/// Keeps each customer's counts exact (orders, what they spent, pending orders, orders in the current minute),
/// inside the transaction of the order change (single-statement upserts: concurrent orders of one customer
/// serialise on its row, nothing is lost). A new order is counted where it is placed (<see cref="OrderPlacement"/>).
/// </summary>
public static class CustomerAggregates
{
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
