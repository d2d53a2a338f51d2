using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Customers;
using Orders.Service.Data;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;
using ServiceDefaults.Problems;

namespace Orders.Service.Orders;

/// <summary>
/// The operations behind the endpoints. Who may see an order is part of every query: its owner, or an
/// admin; for anyone else it does not exist (404: eShop's issue #996 lets any user read others' orders).
/// </summary>
public sealed class OrderBook(OrdersDb db, IOutbox outbox, TimeProvider clock)
{
    /// <summary>The caller's account id, if the token is a user's (a service's token has no orders).</summary>
    public static Guid? CallerId(ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirstValue(TokenClaims.Subject), out var id) ? id : null;

    public IQueryable<Order> Visible(ClaimsPrincipal caller)
    {
        var admin = caller.IsAdmin();
        var self = CallerId(caller);
        return db.Orders.Where(o => admin || o.UserId == self);
    }

    /// <summary>
    /// One transaction: the customer's aggregates, the order and its lines, the OrderPlaced event in the
    /// outbox. The broker is not involved: an order is accepted whether RabbitMQ is up or not.
    /// </summary>
    public async Task<Order> PlaceAsync(Guid userId, ClaimsPrincipal caller, PlaceOrderRequest request, CancellationToken ct)
    {
        var lines = request.Items!.Select(i => (i.Sku!, i.Name!.Trim(), i.Quantity!.Value, i.UnitPrice!.Value)).ToList();
        var tokenEmail = caller.FindFirstValue(TokenClaims.Email) ?? "";
        var tokenName = caller.FindFirstValue(TokenClaims.Name) ?? tokenEmail;

        await using var work = await db.BeginUnitOfWorkAsync(ct);
        var contact = await db.CountOrderAsync(userId, tokenEmail, tokenName, lines.Sum(l => l.Item3 * l.Item4), ct);
        var order = Order.Place(userId, contact.Number, request.CurrencyOrDefault, lines, clock.GetUtcNow());
        db.Orders.Add(order);
        outbox.Enqueue(eventId => new OrderPlaced(eventId, order.Id, order.Number, userId, contact.Email, contact.Name,
            [.. order.Items.Select(i => new OrderPlacedItem(i.Sku, i.Name, i.Quantity, i.UnitPrice))],
            order.Total, order.Currency, order.CreatedAt, Activity.Current?.Id));
        await db.SaveChangesAsync(ct); // the order, its lines and its event: one batch
        await work.CommitAsync(ct);
        return order;
    }

    public Task<Order?> FindAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct) =>
        OrderQueries.ById(Visible(caller).AsNoTracking(), id).SingleOrDefaultAsync(ct);

    /// <summary>Moves an order along its state machine; the aggregates follow a cancellation in the same transaction.</summary>
    public async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> MoveAsync(Guid id, OrderStatus next, ClaimsPrincipal caller, HttpContext http)
    {
        var ct = http.RequestAborted;
        var order = await OrderQueries.ById(Visible(caller), id).SingleOrDefaultAsync(ct);
        if (order is null)
        {
            return ApiProblems.NotFound("No such order.");
        }

        if (ETags.PreconditionFails(http.Request, ETags.For(order.Version)))
        {
            return ApiProblems.PreconditionFailed();
        }

        var current = order.Status;
        if (!order.TryMoveTo(next, clock.GetUtcNow()))
        {
            return ApiProblems.Conflict($"A {Describe(current)} order cannot be {Describe(next)}.",
                $"Allowed: pending → confirmed → shipped; pending or confirmed → cancelled. This order is {Describe(current)}.");
        }

        try
        {
            await using var work = await db.BeginUnitOfWorkAsync(ct);
            await db.SaveChangesAsync(ct);
            if (next == OrderStatus.Cancelled)
            {
                await db.OrderCancelledAsync(order.UserId, order.Total, ct);
            }

            await work.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return http.Request.Headers.IfMatch.Count > 0 ? ApiProblems.PreconditionFailed() : ApiProblems.ConcurrentUpdate();
        }

        ETags.Set(http.Response, ETags.For(order.Version));
        return TypedResults.Ok(OrderResponse.From(order));
    }

    private static string Describe(OrderStatus status) => status.ToString().ToLowerInvariant();
}

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
