using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Reports;

public sealed class TopCustomersQuery : CursorQuery<TopCustomerCursor>
{
    [FromQuery(Name = "min_total")]
    public decimal? MinTotal { get; set; }

    public override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        if (MinTotal is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("min_total", "Must be between 0 and 1000000000000.");
        }
    }
}
