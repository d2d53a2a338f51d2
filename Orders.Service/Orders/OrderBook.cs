using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Service.Catalog;
using Orders.Service.Customers;
using Orders.Service.Data;
using ServiceDefaults.Api;
using ServiceDefaults.Callers;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;

namespace Orders.Service.Orders;

/// <summary>
/// The operations behind the endpoints, in domain terms (no HTTP here). Who may see an order is part of every
/// query: its owner, or an admin; for anyone else it does not exist (404: eShop's issue #996 lets any user
/// read others' orders).
/// </summary>
public sealed class OrderBook(OrdersDb db, ProductCatalog catalog, IOutbox outbox, IOptions<OrderLimits> limits, TimeProvider clock)
{
    private static readonly Failure NoSuchOrder = Failure.NotFound("No such order.");

    private static readonly Failure AccountDeleted = Failure.Forbidden("This account was deleted.", "A deleted account places no orders.");

    /// <summary>
    /// One transaction (<see cref="OrderPlacement"/>): the order priced from the catalog (its names and prices, never the
    /// client's); then, in one round trip just before the commit, the order, its lines and the OrderPlaced event written,
    /// the stock taken and the customer's counts and limits checked. Only a user whose token says their email address is
    /// verified orders (<see cref="OrderEligibility"/>). A refusal (an item not on sale or short of stock, a limit)
    /// leaves nothing behind: the transaction rolls back. The broker is not involved: an order is accepted whether
    /// RabbitMQ is up or not.
    /// </summary>
    public async Task<Outcome<Order>> PlaceAsync(PlaceOrderRequest request, Caller caller, CancellationToken ct)
    {
        // Before anything is locked, reserved or written: a refused caller leaves no trace.
        if (OrderEligibility.Check(caller) is { } refused)
        {
            return refused;
        }

        var userId = caller.AccountId!.Value;
        var items = request.Items!.Select(i => i!).ToList();
        var now = clock.GetUtcNow();
        var tokenEmail = caller.Email ?? "";
        var tokenName = caller.Name ?? tokenEmail;
        await using var work = await db.BeginUnitOfWorkAsync(ct);
        var quote = await OrderPlacement.QuoteAsync(db, userId, tokenEmail, tokenName, [.. items.Select(i => i.Sku!).Distinct()], ct);
        if (quote.Deleted)
        {
            return AccountDeleted; // an access token outlives its account by minutes at most: it orders nothing
        }

        if (OrderPricing.TryPrice(items, quote.Products, out var lines) is { } unavailable)
        {
            return unavailable; // as committed a moment ago: nothing is locked to say so
        }

        var order = Order.Place(userId, quote.Number, catalog.Currency, lines, now);
        var placed = outbox.EnqueueCommand(eventId => new OrderPlaced(eventId, order.Id, order.Number, userId, quote.Email, quote.Name,
            [.. order.Items.Select(i => new OrderPlacedItem(i.Sku, i.Name, i.Quantity, i.UnitPrice))],
            order.Total, order.Currency, order.CreatedAt, Activity.Current?.Id));
        var take = await OrderPlacement.WriteAndTakeStockAsync(db, order, placed, tokenEmail, tokenName, ct);
        if (!take.Taken)
        {
            // Changed since the quote: sold out or withdrawn meanwhile, or repriced. The transaction rolls back.
            return OrderPricing.TryPrice(items, take.Locked, out _) ?? OrderPricing.Repriced(lines, take.Locked);
        }

        if (take.Customer.Deleted)
        {
            return AccountDeleted;
        }

        if (limits.Value.Check(take.Customer, now) is { } overLimit)
        {
            return overLimit; // the transaction rolls back: the order, the stock and the counts go with it
        }

        await catalog.RefreshCachedAfterCommitAsync(take.Changed);
        await work.CommitAsync(ct);
        return new Outcome<Order>(order, order.Version);
    }

    public async Task<Outcome<Order>> FindAsync(Guid id, Caller caller, CancellationToken ct) =>
        await OrderQueries.ById(db.Orders.VisibleTo(caller, Order.Owner).AsNoTracking(), id).SingleOrDefaultAsync(ct) is { } order
            ? new Outcome<Order>(order, order.Version)
            : NoSuchOrder;

    /// <summary>
    /// Moves an order along its state machine. One transaction: the order, its event (OrderConfirmed, OrderShipped or
    /// OrderCancelled) in the outbox, and the aggregates after a cancellation.
    /// </summary>
    public async Task<Outcome<Order>> MoveAsync(Guid id, OrderStatus next, Caller caller, ExpectedVersion expected, CancellationToken ct)
    {
        var order = await OrderQueries.ById(db.Orders.VisibleTo(caller, Order.Owner), id).SingleOrDefaultAsync(ct);
        if (order is null)
        {
            return NoSuchOrder;
        }

        if (!expected.Allows(order.Version))
        {
            return Failure.Stale;
        }

        var current = order.Status;
        if (!order.TryMoveTo(next, clock.GetUtcNow()))
        {
            return Failure.Conflict($"A {Describe(current)} order cannot be {Describe(next)}.",
                $"Allowed: pending → confirmed → shipped; pending or confirmed → cancelled. This order is {Describe(current)}.");
        }

        try
        {
            await using var work = await db.BeginUnitOfWorkAsync(ct);
            // The contact is read in the change's transaction: the event names whom the email goes to as of the change.
            var contact = await db.Customers.AsNoTracking().Where(c => c.UserId == order.UserId)
                .Select(c => new { c.Email, c.Name }).SingleOrDefaultAsync(ct);
            EnqueueMoved(order, contact?.Email ?? "", contact?.Name ?? contact?.Email ?? "");
            await db.SaveChangesAsync(ct); // the order and its event: one batch, so one commit

            var cancelled = next == OrderStatus.Cancelled;
            if (cancelled)
            {
                // Products before the customer's row, as placing an order locks them.
                await catalog.RefreshCachedAfterCommitAsync(await catalog.ReturnStockAsync(order.Id, ct));
            }

            if (cancelled || current == OrderStatus.Pending)
            {
                // Orders in another currency (placed before the catalog) were never counted in what the customer spent.
                var uncounted = cancelled && order.Currency == catalog.Currency ? order.Total : 0m;
                await db.RecordOrderMovedAsync(order.UserId, leftPending: current == OrderStatus.Pending, cancelled, uncounted, ct);
            }

            await work.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.ConcurrentChange;
        }

        return new Outcome<Order>(order, order.Version);
    }

    /// <summary>The event of the move just made (the state machine allows only these three).</summary>
    private void EnqueueMoved(Order order, string email, string name)
    {
        var traceParent = Activity.Current?.Id;
        switch (order.Status)
        {
            case OrderStatus.Confirmed:
                outbox.Enqueue(eventId => new OrderConfirmed(eventId, order.Id, order.Number, order.UserId, email, name, order.Total, order.Currency, order.UpdatedAt, traceParent));
                break;
            case OrderStatus.Shipped:
                outbox.Enqueue(eventId => new OrderShipped(eventId, order.Id, order.Number, order.UserId, email, name, order.Total, order.Currency, order.UpdatedAt, traceParent));
                break;
            case OrderStatus.Cancelled:
                outbox.Enqueue(eventId => new OrderCancelled(eventId, order.Id, order.Number, order.UserId, email, name, order.Total, order.Currency, order.UpdatedAt, traceParent));
                break;
            default:
                throw new InvalidOperationException($"No event for a move to {order.Status}.");
        }
    }

    private static string Describe(OrderStatus status) => status.ToString().ToLowerInvariant();
}
