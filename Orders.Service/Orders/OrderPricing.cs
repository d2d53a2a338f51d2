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

    /// <summary>
    /// The refusal for lines whose price or name changed between the quote and the stock's lock (an admin's change in
    /// between): the order would not be what the customer was shown, so nothing is placed, and each such line is named.
    /// </summary>
    public static Failure Repriced(IReadOnlyList<OrderLine> lines, IReadOnlyDictionary<string, Product> catalog)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (catalog.TryGetValue(lines[i].Sku, out var now) && (now.UnitPrice != lines[i].UnitPrice || now.Name != lines[i].Name))
            {
                errors[$"items[{i}].sku"] = [$"{lines[i].Sku} changed while the order was placed: now {now.Name} at {now.UnitPrice}."];
            }
        }

        return Failure.Conflict("The catalog changed while the order was placed.",
            "Nothing was placed or reserved. Read the products again and place the order anew, with a new Idempotency-Key.", errors);
    }
}
