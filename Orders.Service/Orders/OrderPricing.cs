using Orders.Service.Catalog;
using ServiceDefaults.Api;

namespace Orders.Service.Orders;

/// <summary>
/// Prices a request's lines from the catalog as it stands in the order's transaction (its products locked): the
/// name and unit price are the catalog's, never the client's. Every line that cannot be ordered is named, and
/// nothing is reserved unless every line can be.
/// </summary>
public static class OrderPricing
{
    public static Failure? TryPrice(IReadOnlyList<OrderLineRequest> items, IReadOnlyDictionary<string, Product> catalog, out List<OrderLine> lines)
    {
        lines = new List<OrderLine>(items.Count);
        var errors = new Dictionary<string, string[]>();
        var details = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var (sku, quantity) = (items[i].Sku!, items[i].Quantity!.Value);
            if (!catalog.TryGetValue(sku, out var product) || !product.Active)
            {
                errors[$"items[{i}].sku"] = [$"{sku} is not on sale."];
                details.Add($"items[{i}] ({sku}) is not on sale");
            }
            else if (quantity > product.Stock)
            {
                errors[$"items[{i}].quantity"] = [product.Stock == 0 ? $"{sku} is out of stock." : $"Only {product.Stock} of {sku} in stock."];
                details.Add($"items[{i}] ({sku}) asks for {quantity}, {product.Stock} in stock");
            }
            else
            {
                lines.Add(new OrderLine(sku, product.Name, quantity, product.UnitPrice));
            }
        }

        if (errors.Count > 0)
        {
            return Failure.Conflict("Some items cannot be ordered.", $"{string.Join("; ", details)}. Nothing was reserved.", errors);
        }

        return lines.Sum(l => l.LineTotal) > PlaceOrderRequest.MaxAmount
            ? Failure.Invalid(new Dictionary<string, string[]> { ["items"] = [$"The order total would exceed {PlaceOrderRequest.MaxAmount}."] })
            : null;
    }

    /// <summary>Takes the lines' quantities out of stock (the products are tracked and locked: the commit writes them).</summary>
    public static void Reserve(IEnumerable<OrderLine> lines, IReadOnlyDictionary<string, Product> catalog)
    {
        foreach (var line in lines)
        {
            catalog[line.Sku].Stock -= line.Quantity;
        }
    }
}
