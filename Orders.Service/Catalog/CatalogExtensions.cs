using ServiceDefaults.Caching;

namespace Orders.Service.Catalog;

public static class CatalogExtensions
{
    /// <summary>The catalog: the shop's settings (checked at start), its two-level caches (products, and which products each page lists) and its operations.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<ShopSettings>().BindConfiguration(ShopSettings.Section)
            .Validate(shop => shop.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper), "Shop:Currency must be an ISO 4217 code (three capital letters).")
            .ValidateOnStart();
        services.AddTwoLevelCache<CachedProduct>(ProductCatalog.CacheName);
        services.AddTwoLevelCache<string[]>(CatalogPages.CacheName);
        services.AddSingleton<CatalogPages>();
        services.AddScoped<ProductCatalog>();
        return services;
    }
}
