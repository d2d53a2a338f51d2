using Orders.Service.Catalog;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

/// <summary>
/// POST /api/v1/orders: SKUs and quantities only. No name, price, currency, total, user or status: the server
/// takes those from the catalog and the caller's token (unknown members are refused, see <c>ApiJson</c>).
/// </summary>
public sealed record PlaceOrderRequest(IReadOnlyList<OrderLineRequest>? Items) : IValidatableRequest
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;

    /// <summary>Largest amount DECIMAL(10,2) holds.</summary>
    public const decimal MaxAmount = 99_999_999.99m;

    public void Validate(ValidationErrors errors)
    {
        if (Items is null || Items.Count == 0)
        {
            errors.Add("items", "An order needs at least one item.");
            return;
        }

        if (Items.Count > MaxItems)
        {
            errors.Add("items", $"At most {MaxItems} items per order.");
            return;
        }

        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var at = $"items[{i}]";
            if (item is null)
            {
                errors.Add(at, "Must be an object.");
                continue;
            }

            if (!CreateProductRequest.IsSku(item.Sku))
            {
                errors.Add($"{at}.sku", $"Required: 1 to {CreateProductRequest.MaxSkuLength} letters, digits, '-', '_' or '.'.");
            }
            else if (!firstLineOf.TryAdd(item.Sku!, i))
            {
                errors.Add($"{at}.sku", $"{item.Sku} is already in items[{firstLineOf[item.Sku!]}]: each SKU once, with the quantity you want.");
            }

            if (item.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors.Add($"{at}.quantity", $"Must be a whole number from 1 to {MaxQuantity}.");
            }
        }
    }
}
