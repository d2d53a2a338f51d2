using Orders.Service.Catalog;

namespace Orders.Service.Orders;

/// <summary>
/// What an order is priced and addressed with, read before anything is locked (<see cref="OrderPlacement.QuoteAsync"/>):
/// the named products as committed, the order's number, and whom its emails go to.
/// </summary>
public sealed record OrderQuote(IReadOnlyDictionary<string, Product> Products, long Number, string Email, string Name, bool Deleted);
