namespace Orders.Service.Catalog;

/// <summary>A product as the API shows it; the price is in <see cref="Currency"/>, the shop's one currency.</summary>
public sealed record ProductResponse(
    string Sku,
    string Name,
    string? Description,
    decimal UnitPrice,
    string Currency,
    int Stock,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(Product product, string currency) =>
        new(product.Sku, product.Name, product.Description, product.UnitPrice, currency, product.Stock, product.Active,
            product.CreatedAt, product.UpdatedAt);
}
