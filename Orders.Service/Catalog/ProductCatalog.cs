using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Service.Data;
using ServiceDefaults.Api;
using ServiceDefaults.Caching;
using ServiceDefaults.Callers;
using ServiceDefaults.Data;
using ServiceDefaults.Validation;

namespace Orders.Service.Catalog;

/// <summary>
/// The operations behind the catalog endpoints, in domain terms (no HTTP here). Anyone reads active products;
/// an inactive one exists only for admins (404 for anyone else). Reads by SKU go through the two-level cache;
/// every write updates it before answering, on every instance (see <see cref="TwoLevelCache{TValue}"/>).
/// </summary>
public sealed class ProductCatalog(OrdersDb db, TwoLevelCache<CachedProduct> cache, CatalogPages pages, IOptions<ShopSettings> shop, TimeProvider clock)
{
    /// <summary>The catalog's cache, named "products": Redis keys products:v1:{sku}.</summary>
    public const string CacheName = "products";

    private static readonly Failure NoSuchProduct = Failure.NotFound("No such product.");

    private static readonly Failure SkuTaken = Failure.Conflict("A product with this SKU already exists.",
        "SKUs are never reused: update the existing product, or choose another SKU.");

    public string Currency => shop.Value.Currency;

    public async Task<Outcome<ProductResponse>> FindAsync(string sku, Caller caller, CancellationToken ct)
    {
        if (!CreateProductRequest.IsSku(sku))
        {
            return NoSuchProduct;
        }

        var (hit, cached) = await cache.GetAsync(sku);
        if (!hit)
        {
            var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is not null)
            {
                cached = CachedProduct.From(product);
                await cache.FillAsync(sku, cached);
            }
        }

        return cached is not null && (cached.Active || caller.IsAdmin)
            ? new Outcome<ProductResponse>(cached.ToResponse(Currency), cached.Version)
            : NoSuchProduct;
    }

    /// <summary>
    /// A page of the catalog in SKU order (one product more than the page holds, if there is one): for customers and
    /// anonymous callers, the active products, from the caches (<see cref="CatalogPages"/>); for an admin, every product,
    /// from the database.
    /// </summary>
    public async Task<List<CachedProduct>> ListAsync(ListProductsQuery query, Caller caller, CancellationToken ct)
    {
        if (caller.IsAdmin)
        {
            return [.. (await ReadPageAsync(query, activeOnly: false, ct)).Select(CachedProduct.From)];
        }

        var generation = await pages.CurrentGenerationAsync();
        if (await pages.FindAsync(generation, query) is { } skus)
        {
            return await ReadCachedAsync(skus, ct);
        }

        var rows = await ReadPageAsync(query, activeOnly: true, ct);
        var products = rows.Select(CachedProduct.From).ToList();
        await pages.FillAsync(generation, query, [.. products.Select(p => p.Sku)]);
        await Task.WhenAll(products.Select(p => cache.FillAsync(p.Sku, p)));
        return products;
    }

    private async Task<List<Product>> ReadPageAsync(ListProductsQuery query, bool activeOnly, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking();
        if (activeOnly)
        {
            products = products.Where(p => p.Active);
        }

        if (query.NamePrefix is { } prefix)
        {
            products = products.Where(p => EF.Property<string>(p, OrdersDb.ProductNameLower).StartsWith(prefix));
        }

        if (query.After is { } after)
        {
            // Translated to SQL (sku > @after), compared in the column's collation ("C": byte order), not .NET's culture.
#pragma warning disable CA1309
            products = products.Where(p => string.Compare(p.Sku, after.Sku) > 0);
#pragma warning restore CA1309
        }

        return await products.OrderBy(p => p.Sku).Take(query.PageSize + 1).ToListAsync(ct);
    }

    /// <summary>The listed products from their cache, in the list's order; those it misses in one query. Any deactivated since are left out.</summary>
    private async Task<List<CachedProduct>> ReadCachedAsync(string[] skus, CancellationToken ct)
    {
        var found = new Dictionary<string, CachedProduct?>(skus.Length, StringComparer.Ordinal);
        List<string>? missed = null;
        foreach (var sku in skus)
        {
            var (hit, product) = await cache.GetAsync(sku);
            if (hit)
            {
                found[sku] = product;
            }
            else
            {
                (missed ??= []).Add(sku);
            }
        }

        if (missed is not null)
        {
            foreach (var product in await db.Products.AsNoTracking().Where(p => missed.Contains(p.Sku)).ToListAsync(ct))
            {
                var cached = CachedProduct.From(product);
                found[product.Sku] = cached;
                await cache.FillAsync(product.Sku, cached);
            }
        }

        return [.. skus.Select(sku => found.GetValueOrDefault(sku)).OfType<CachedProduct>().Where(p => p.Active)];
    }

    public async Task<Outcome<Product>> CreateAsync(CreateProductRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var product = new Product
        {
            Sku = request.Sku!,
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim(),
            UnitPrice = request.UnitPrice!.Value,
            Stock = request.Stock!.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Products.Add(product);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return SkuTaken;
        }

        await db.AfterCommitAsync(() => Task.WhenAll(cache.WriteThroughAsync(product.Sku, CachedProduct.From(product)), pages.StartNewGenerationAsync()));
        return new Outcome<Product>(product, product.Version);
    }

    /// <summary>Replaces name, description, price and stock with what <paramref name="change"/> makes of them (a PUT's body, or a merge patch applied).</summary>
    public async Task<Outcome<Product>> UpdateAsync(string sku, ExpectedVersion expected,
        Func<Product, ValidationErrors, ProductRequest> change, CancellationToken ct)
    {
        var product = await FindForWriteAsync(sku, ct);
        if (product is null)
        {
            return NoSuchProduct;
        }

        if (!expected.Allows(product.Version))
        {
            return Failure.Stale;
        }

        var errors = new ValidationErrors();
        var request = change(product, errors);
        if (errors.IsEmpty)
        {
            request.Validate(errors);
        }

        if (!errors.IsEmpty)
        {
            return Failure.Invalid(errors.ToDictionary());
        }

        var name = request.Name!.Trim();
        var description = request.Description?.Trim();
        if (name == product.Name && description == product.Description && request.UnitPrice == product.UnitPrice && request.Stock == product.Stock)
        {
            return new Outcome<Product>(product, product.Version);
        }

        var listed = name != product.Name; // a name search may now find it, or no longer
        product.Name = name;
        product.Description = description;
        product.UnitPrice = request.UnitPrice!.Value;
        product.Stock = request.Stock!.Value;
        return await SaveAsync(product, listed, ct);
    }

    /// <summary>Deactivates (hides from customers) or reactivates a product; it is never deleted.</summary>
    public async Task<Outcome<Product>> SetActiveAsync(string sku, bool active, ExpectedVersion expected, CancellationToken ct)
    {
        var product = await FindForWriteAsync(sku, ct);
        if (product is null)
        {
            return NoSuchProduct;
        }

        if (!expected.Allows(product.Version))
        {
            return Failure.Stale;
        }

        if (product.Active == active)
        {
            return new Outcome<Product>(product, product.Version);
        }

        product.Active = active;
        return await SaveAsync(product, listed: true, ct);
    }

    /// <summary>A cancelled order's quantities back in stock, in the cancellation's transaction (products locked in SKU order).</summary>
    public async Task<List<Product>> ReturnStockAsync(Guid orderId, CancellationToken ct) =>
        await db.Products.FromSql($"""
            WITH locked AS MATERIALIZED (
                SELECT p.sku FROM products p
                WHERE p.sku IN (SELECT i.sku FROM order_items i WHERE i.order_id = {orderId})
                ORDER BY p.sku FOR UPDATE)
            UPDATE products p SET stock = p.stock + i.quantity
            FROM order_items i JOIN locked l ON l.sku = i.sku
            WHERE i.order_id = {orderId} AND p.sku = i.sku
            RETURNING p.*, p.xmin
            """).AsNoTracking().ToListAsync(ct);

    /// <summary>
    /// Once an order's change of stock is committed, the cached products show it (on every instance, as after an admin's
    /// change, before the order's request answers). Never before the commit: a reader would see stock a rollback gives back.
    /// </summary>
    public Task RefreshCachedAfterCommitAsync(IEnumerable<Product> products) => RefreshCachedAfterCommitAsync([.. products.Select(CachedProduct.From)]);

    /// <inheritdoc cref="RefreshCachedAfterCommitAsync(IEnumerable{Product})"/>
    public Task RefreshCachedAfterCommitAsync(IReadOnlyList<CachedProduct> changed) =>
        db.AfterCommitAsync(() => Task.WhenAll(changed.Select(product => cache.WriteThroughAsync(product.Sku, product))));

    private async Task<Product?> FindForWriteAsync(string sku, CancellationToken ct) =>
        CreateProductRequest.IsSku(sku) ? await db.Products.SingleOrDefaultAsync(p => p.Sku == sku, ct) : null;

    /// <param name="listed">Whether the change can move the product into or out of a list (<see cref="CatalogPages"/>).</param>
    private async Task<Outcome<Product>> SaveAsync(Product product, bool listed, CancellationToken ct)
    {
        product.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.ConcurrentChange;
        }

        var cached = CachedProduct.From(product);
        await db.AfterCommitAsync(() => listed
            ? Task.WhenAll(cache.WriteThroughAsync(product.Sku, cached), pages.StartNewGenerationAsync())
            : cache.WriteThroughAsync(product.Sku, cached));
        return new Outcome<Product>(product, product.Version);
    }
}
