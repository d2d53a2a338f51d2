namespace Orders.Service.Catalog;

/// <summary>A product as cached (inactive ones too: admins read them), with its version for the ETag; the currency is the shop's setting.</summary>
public sealed record CachedProduct(
    string Sku,
    string Name,
    string? Description,
    decimal UnitPrice,
    int Stock,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    uint Version)
{
    public static CachedProduct From(Product product) =>
        new(product.Sku, product.Name, product.Description, product.UnitPrice, product.Stock, product.Active,
            product.CreatedAt, product.UpdatedAt, product.Version);

    public ProductResponse ToResponse(string currency) =>
        new(Sku, Name, Description, UnitPrice, currency, Stock, Active, CreatedAt, UpdatedAt);
}
