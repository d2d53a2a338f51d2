using Microsoft.EntityFrameworkCore;

namespace Orders.Service.Orders;

/// <summary>The queries the API runs, in one place (their plans are checked with EXPLAIN in the tests).</summary>
public static class OrderQueries
{
    public static IQueryable<Order> ById(IQueryable<Order> orders, Guid id) =>
        orders.Include(o => o.Items).Where(o => o.Id == id);

    /// <summary>One user's orders, newest first, from a position: a range scan of ix_orders_user_newest.</summary>
    public static IQueryable<Order> OfUser(IQueryable<Order> orders, Guid userId, OrderStatus? status, OrderCursor? after)
    {
        var query = orders.Where(o => o.UserId == userId);
        if (status is { } wanted)
        {
            query = query.Where(o => o.Status == wanted);
        }

        return NewestFirst(query, after);
    }

    /// <summary>Every customer's orders in one status, newest first, from a position: a range scan of ix_orders_status_newest.</summary>
    public static IQueryable<Order> InStatus(IQueryable<Order> orders, OrderStatus status, OrderCursor? after) =>
        NewestFirst(orders.Where(o => o.Status == status), after);

    private static IQueryable<Order> NewestFirst(IQueryable<Order> query, OrderCursor? after)
    {
        if (after is not null)
        {
            // The same instant in UTC: a cursor comes back from the client, possibly rewritten with another offset,
            // and Npgsql writes only UTC values to timestamptz (any other offset throws).
            var createdAt = after.CreatedAt.ToUniversalTime();
            query = query.Where(o => EF.Functions.LessThan(ValueTuple.Create(o.CreatedAt, o.Id), ValueTuple.Create(createdAt, after.Id)));
        }

        return query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id);
    }
}
