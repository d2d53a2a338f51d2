using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Catalog;

/// <summary>GET /api/v1/products: the catalog by SKU, page by page; <c>q</c> keeps the products whose name starts with it (case-insensitive).</summary>
public sealed class ListProductsQuery : CursorQuery<ProductCursor>
{
    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    /// <summary>The name prefix to look for, as stored in name_lower.</summary>
    public string? NamePrefix => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim().ToLowerInvariant();

    public override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        if (Search is not null)
        {
            errors.CheckText("q", Search, ProductRequest.MaxNameLength);
        }
    }
}
