using Orders.Service.Catalog;
using Orders.Service.Customers;

namespace Orders.Service.Orders;

/// <summary>
/// What <see cref="OrderPlacement.WriteAndTakeStockAsync"/> did: whether every line's stock was taken at the price and
/// name it was quoted at (all or none), the products as locked (before the take: what a refusal names), the products
/// as changed (for the cache, once committed), and the customer's counts with this order included.
/// </summary>
public sealed record StockTake(bool Taken, IReadOnlyDictionary<string, Product> Locked, IReadOnlyList<CachedProduct> Changed, CustomerCounts Customer);
