using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

/// <summary>
/// GET /api/v1/orders: the caller's orders, newest first; an admin may ask for another user's, or for every customer's
/// orders in one status (the queue of orders to confirm or to ship).
/// </summary>
public sealed class ListOrdersQuery : CursorQuery<OrderCursor>
{
    /// <summary>pending, confirmed, shipped or cancelled (as the API writes statuses).</summary>
    [FromQuery(Name = "status")]
    public string? StatusFilter { get; set; }

    [FromQuery(Name = "user_id")]
    public Guid? UserId { get; set; }

    /// <summary>Every customer's orders (admins only), in the one <see cref="StatusFilter"/> given.</summary>
    [FromQuery(Name = "all_customers")]
    public bool? AllCustomersFilter { get; set; }

    public bool AllCustomers => AllCustomersFilter == true;

    public OrderStatus? Status => StatusFilter is null ? null : Named(StatusFilter);

    public override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        if (StatusFilter is not null && Named(StatusFilter) is null)
        {
            errors.Add("status", "Must be pending, confirmed, shipped or cancelled.");
        }

        if (AllCustomers && StatusFilter is null)
        {
            errors.Add("status", "Required with all_customers: every customer's orders are listed one status at a time.");
        }

        if (AllCustomers && UserId is not null)
        {
            errors.Add("user_id", "Give either user_id or all_customers, not both.");
        }
    }

    /// <summary>
    /// Exactly one status by its name: not a number, and not Enum.Parse's flag syntax, which reads
    /// "confirmed,shipped" as Confirmed | Shipped (the value of Cancelled).
    /// </summary>
    private static OrderStatus? Named(string name) =>
        Enum.GetValues<OrderStatus>().Cast<OrderStatus?>()
            .FirstOrDefault(status => string.Equals(status.ToString(), name, StringComparison.OrdinalIgnoreCase));
}
