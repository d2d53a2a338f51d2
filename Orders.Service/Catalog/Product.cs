namespace Orders.Service.Catalog;

/// <summary>
/// A product on sale: its SKU is its identity (stable, never reused), its price is in the shop's one currency
/// (<see cref="ShopSettings"/>). A product is never deleted, only deactivated: orders may name it.
/// </summary>
public sealed class Product
{
    public required string Sku { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public decimal UnitPrice { get; set; }

    public int Stock { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; private set; }
}
