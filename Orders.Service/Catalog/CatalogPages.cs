using ServiceDefaults.Caching;

namespace Orders.Service.Catalog;

/// <summary>
/// Which products each public page of the catalog lists: its SKUs in order, one more than the page holds (is there a
/// next page?), kept in the two-level cache "catalog-pages" under the catalog's current generation. The products
/// themselves come from the products cache, which every write (an order's stock too) updates, so a cached list only
/// goes stale when a product is created, deactivated, reactivated or renamed: such a change starts a new generation,
/// on every instance before the admin's request returns (the cache's write-through), and the old lists are never read
/// again. A reader reads the generation before the database, so a list read before a change is filed under the old one.
/// </summary>
public sealed class CatalogPages(TwoLevelCache<string[]> cache)
{
    public const string CacheName = "catalog-pages";

    /// <summary>The key of the current generation's id (a list of one); every other key is a page's.</summary>
    private const string GenerationKey = "generation";

    public async Task<string> CurrentGenerationAsync()
    {
        var (hit, current) = await cache.GetAsync(GenerationKey);
        if (hit && current is [var generation])
        {
            return generation;
        }

        // None yet (or Redis lost it): start one. Another instance may start its own at the same moment; lists filed
        // under the one that does not stay in Redis are never read.
        var started = NewGeneration();
        await cache.FillAsync(GenerationKey, started);
        return started[0];
    }

    public async Task<string[]?> FindAsync(string generation, ListProductsQuery query)
    {
        var (hit, skus) = await cache.GetAsync(PageKey(generation, query));
        return hit ? skus : null;
    }

    public Task FillAsync(string generation, ListProductsQuery query, string[] skus) => cache.FillAsync(PageKey(generation, query), skus);

    /// <summary>After a committed change of what the lists hold: a new generation, on every instance when this returns.</summary>
    public Task StartNewGenerationAsync() => cache.WriteThroughAsync(GenerationKey, NewGeneration());

    private static string[] NewGeneration() => [Guid.NewGuid().ToString("N")];

    // The search text last: it may hold ':'; a generation id, a number and a SKU never do.
    private static string PageKey(string generation, ListProductsQuery query) =>
        $"{generation}:{query.PageSize}:{query.After?.Sku}:{query.NamePrefix}";
}
