using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

/// <summary>GET /api/v1/orders: the caller's orders, newest first; an admin may ask for another user's.</summary>
public sealed class ListOrdersQuery : CursorQuery<OrderCursor>
{
    /// <summary>pending, confirmed, shipped or cancelled (as the API writes statuses).</summary>
    [FromQuery(Name = "status")]
    public string? StatusFilter { get; set; }

    [FromQuery(Name = "user_id")]
    public Guid? UserId { get; set; }

    public OrderStatus? Status => StatusFilter is null ? null : Named(StatusFilter);

    public override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        if (StatusFilter is not null && Named(StatusFilter) is null)
        {
            errors.Add("status", "Must be pending, confirmed, shipped or cancelled.");
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
