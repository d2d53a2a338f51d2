namespace Orders.Service.Catalog;

/// <summary>
/// The shop's settings: <c>Shop:Currency</c> (ISO 4217, default EUR) is the one currency every catalog price is in;
/// <c>Shop:CatalogMaxAge</c> is how long clients and shared caches may reuse a public catalog read (default 10 s).
/// </summary>
public sealed class ShopSettings
{
    public const string Section = "Shop";

    public string Currency { get; set; } = "EUR";

    public TimeSpan CatalogMaxAge { get; set; } = TimeSpan.FromSeconds(10);
}
