using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Callers;
using ServiceDefaults.Idempotency;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Pagination;

namespace Orders.Service.Orders;

/// <summary>/api/v1/orders: a customer's orders; admins see everyone's and move orders along.</summary>
public static class OrdersApi
{
    public const string Audience = "orders-api";

    public const string Read = "orders.read";
    public const string Write = "orders.write";
    public const string AdminRead = "orders.admin.read";
    public const string AdminWrite = "orders.admin.write";

    public static void Policies(AuthorizationBuilder policies) => policies
        .AddScopePolicy(Read, "orders.read")
        .AddScopePolicy(Write, "orders.write")
        .AddScopePolicy(AdminRead, "orders.read", Roles.Admin)
        .AddScopePolicy(AdminWrite, "orders.write", Roles.Admin);

    public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder routes)
    {
        var orders = routes.MapGroup("/api/v1/orders")
            .WithTag("Orders", "Orders priced from the catalog, and their lifecycle: pending, confirmed, shipped, or cancelled.")
            .RequireAuthorization()
            .WithApiConventions();

        orders.MapPost("/", PlaceOrder).RequireAuthorization(Write).WithIdempotency(keyRequired: true)
            .ProducesProblem(StatusCodes.Status409Conflict) // an item short of stock or not on sale
            .WithName("PlaceOrder").WithSummary("Place an order, priced from the catalog (Idempotency-Key required)");
        orders.MapGet("/", ListOrders).RequireAuthorization(Read)
            .WithName("ListOrders").WithSummary("List orders, newest first (yours; an admin's: one user's, or every customer's in one status), cursor-paged");
        orders.MapGet("/{id:guid}", GetOrder).RequireAuthorization(Read).ProducesReadOutcomes()
            .WithName("GetOrder").WithSummary("Read an order");
        orders.MapPost("/{id:guid}/cancel", CancelOrder).RequireAuthorization(Write).WithIdempotency().ProducesChangeOutcomes()
            .WithName("CancelOrder").WithSummary("Cancel an order that has not shipped");
        orders.MapPost("/{id:guid}/confirm", ConfirmOrder).RequireAuthorization(AdminWrite).WithIdempotency().ProducesChangeOutcomes()
            .WithName("ConfirmOrder").WithSummary("Confirm a pending order (admin)");
        orders.MapPost("/{id:guid}/ship", ShipOrder).RequireAuthorization(AdminWrite).WithIdempotency().ProducesChangeOutcomes()
            .WithName("ShipOrder").WithSummary("Ship a confirmed order (admin)");
        return orders;
    }

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult, ValidationProblem>> PlaceOrder(
        PlaceOrderRequest body, Caller caller, OrderBook book, HttpContext http) =>
        (await book.PlaceAsync(body, caller, http.RequestAborted))
            .ToCreatedResult(http, order => $"/api/v1/orders/{order.Id}", OrderResponse.From);

    private static async Task<Results<Ok<CursorPage<OrderSummary>>, ProblemHttpResult>> ListOrders(
        [AsParameters] ListOrdersQuery query, Caller caller, OrdersDb db, CancellationToken ct)
    {
        if ((query.UserId is not null || query.AllCustomers) && !caller.IsAdmin)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins list other users' orders.");
        }

        if (query.AllCustomers)
        {
            var queue = await Page(OrderQueries.InStatus(db.Orders.AsNoTracking(), query.Status!.Value, query.After), query).ToListAsync(ct);
            return TypedResults.Ok(query.ToPage(queue, o => new OrderCursor(o.CreatedAt, o.Id), o => o));
        }

        if ((query.UserId ?? caller.AccountId) is not { } userId)
        {
            return TypedResults.Ok(new CursorPage<OrderSummary>([], null));
        }

        var rows = await ListPage(db.Orders.AsNoTracking(), userId, query).ToListAsync(ct);
        return TypedResults.Ok(query.ToPage(rows, o => new OrderCursor(o.CreatedAt, o.Id), o => o));
    }

    /// <summary>One page of a user's orders (and one row more, telling whether another page exists), as the list runs it.</summary>
    public static IQueryable<OrderSummary> ListPage(IQueryable<Order> orders, Guid userId, ListOrdersQuery query) =>
        Page(OrderQueries.OfUser(orders, userId, query.Status, query.After), query);

    private static IQueryable<OrderSummary> Page(IQueryable<Order> orders, ListOrdersQuery query) =>
        orders
            .Take(query.PageSize + 1)
            .Select(o => new OrderSummary(o.Id, o.Number, o.Status, o.Currency, o.Total, o.Items.Count, o.CreatedAt));

    private static async Task<Results<Ok<OrderResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetOrder(
        Guid id, Caller caller, OrderBook book, HttpContext http) =>
        (await book.FindAsync(id, caller, http.RequestAborted)).ToReadResult(http, OrderResponse.From);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> CancelOrder(
        Guid id, Caller caller, OrderBook book, HttpContext http) => Move(id, OrderStatus.Cancelled, caller, book, http);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> ConfirmOrder(
        Guid id, Caller caller, OrderBook book, HttpContext http) => Move(id, OrderStatus.Confirmed, caller, book, http);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> ShipOrder(
        Guid id, Caller caller, OrderBook book, HttpContext http) => Move(id, OrderStatus.Shipped, caller, book, http);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> Move(
        Guid id, OrderStatus next, Caller caller, OrderBook book, HttpContext http) =>
        (await book.MoveAsync(id, next, caller, ETags.Expected(http.Request), http.RequestAborted)).ToChangedResult(http, OrderResponse.From);
}
