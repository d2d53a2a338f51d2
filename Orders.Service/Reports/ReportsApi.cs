using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Customers;
using Orders.Service.Data;
using Orders.Service.Orders;
using ServiceDefaults.Api;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Pagination;

namespace Orders.Service.Reports;

/// <summary>/api/v1/reports: admin reports over the orders.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("/api/v1/reports")
            .WithTag("Reports", "Admin reports over the orders.")
            .RequireAuthorization(OrdersApi.AdminRead)
            .WithApiConventions();

        reports.MapGet("/top-customers", TopCustomers)
            .WithName("TopCustomers").WithSummary("The customers who spent the most (admin)");
        return reports;
    }

    /// <summary>
    /// The top-customers report — customers with their order count and total spent, HAVING total > min_total,
    /// biggest spenders first — answered from the per-customer aggregates (an index range scan) instead
    /// of a GROUP BY over every order.
    /// </summary>
    private static async Task<Ok<CursorPage<TopCustomer>>> TopCustomers([AsParameters] TopCustomersQuery query, OrdersDb db, CancellationToken ct)
    {
        var rows = await TopCustomersPage(db.Customers.AsNoTracking(), query).ToListAsync(ct);
        return TypedResults.Ok(query.ToPage(rows, c => new TopCustomerCursor(c.TotalSpent, c.UserId),
            c => new TopCustomer(c.UserId, c.Deleted ? null : c.Name, c.OrderCount, c.TotalSpent)));
    }

    /// <summary>One page of the report (and one row more, telling whether another page exists), as the endpoint runs it.</summary>
    public static IQueryable<Customer> TopCustomersPage(IQueryable<Customer> customers, TopCustomersQuery query)
    {
        var min = query.MinTotal ?? 0m;
        customers = customers.Where(c => c.TotalSpent > min);
        if (query.After is { } after)
        {
            customers = customers.Where(c => c.TotalSpent < after.TotalSpent
                || (c.TotalSpent == after.TotalSpent && c.UserId.CompareTo(after.UserId) > 0));
        }

        return customers.OrderByDescending(c => c.TotalSpent).ThenBy(c => c.UserId).Take(query.PageSize + 1);
    }
}
