namespace Orders.Service.Orders;

/// <summary>A row of <see cref="OrderPlacement.QuoteAsync"/>'s query: one per product found (none: a row of nulls), each with the number and contact.</summary>
public sealed record OrderQuoteRow(
    string? Sku, string? ProductName, decimal? UnitPrice, int? Stock, bool? Active,
    long Number, string? Email, string? CustomerName, bool? Deleted);
