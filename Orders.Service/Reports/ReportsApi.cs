using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using Orders.Service.Orders;
using ServiceDefaults.Api;
using ServiceDefaults.Pagination;

namespace Orders.Service.Reports;

/// <summary>/api/v1/reports: admin reports over the orders.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("/api/v1/reports")
            .WithTags("Reports")
            .RequireAuthorization(OrdersApi.AdminRead)
            .WithApiConventions();

        reports.MapGet("/top-customers", TopCustomers);
        return reports;
    }

    /// <summary>
    /// The top-customers report — customers with their order count and total spent, HAVING total > min_total,
    /// biggest spenders first — answered from the per-customer aggregates (an index range scan) instead
    /// of a GROUP BY over every order.
    /// </summary>
    private static async Task<Ok<CursorPage<TopCustomer>>> TopCustomers([AsParameters] TopCustomersQuery query, OrdersDb db, CancellationToken ct)
    {
        var min = query.MinTotal ?? 0m;
        var customers = db.Customers.AsNoTracking().Where(c => c.TotalSpent > min);
        if (query.After is { } after)
        {
            customers = customers.Where(c => c.TotalSpent < after.TotalSpent
                || (c.TotalSpent == after.TotalSpent && c.UserId.CompareTo(after.UserId) > 0));
        }

        var rows = await customers.OrderByDescending(c => c.TotalSpent).ThenBy(c => c.UserId)
            .Take(query.PageSize + 1)
            .ToListAsync(ct);
        return TypedResults.Ok(query.ToPage(rows, c => new TopCustomerCursor(c.TotalSpent, c.UserId),
            c => new TopCustomer(c.UserId, c.Deleted ? null : c.Name, c.OrderCount, c.TotalSpent)));
    }
}
