using System.Text.RegularExpressions;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

/// <summary>POST /api/v1/orders. No user id, no total, no status: the server decides those.</summary>
public sealed partial record PlaceOrderRequest(IReadOnlyList<OrderLineRequest>? Items, string? Currency) : IValidatableRequest
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;
    public const int MaxNameLength = 200;
    public const int MaxSkuLength = 64;
    public const string DefaultCurrency = "EUR";

    /// <summary>Largest amount DECIMAL(10,2) holds.</summary>
    public const decimal MaxAmount = 99_999_999.99m;

    public static readonly string[] Currencies = ["EUR", "USD", "GBP", "CHF"];

    public string CurrencyOrDefault => Currency ?? DefaultCurrency;

    public void Validate(ValidationErrors errors)
    {
        if (Currency is not null && !Currencies.Contains(Currency, StringComparer.Ordinal))
        {
            errors.Add("currency", $"Must be one of {string.Join(", ", Currencies)}.");
        }

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

        var total = 0m;
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var at = $"items[{i}]";
            if (item is null)
            {
                errors.Add(at, "Must be an object.");
                continue;
            }

            if (item.Sku is null || !SkuPattern().IsMatch(item.Sku))
            {
                errors.Add($"{at}.sku", $"Required: 1 to {MaxSkuLength} letters, digits, '-', '_' or '.'.");
            }

            errors.CheckText($"{at}.name", item.Name, MaxNameLength);

            if (item.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors.Add($"{at}.quantity", $"Must be a whole number from 1 to {MaxQuantity}.");
            }

            if (item.UnitPrice is not { } price || price <= 0 || price > MaxAmount)
            {
                errors.Add($"{at}.unit_price", $"Must be more than 0 and at most {MaxAmount}.");
            }
            else if (decimal.Round(price, 2) != price)
            {
                errors.Add($"{at}.unit_price", "At most 2 decimals.");
            }
            else if (item.Quantity is { } quantity and >= 1 and <= MaxQuantity)
            {
                total += quantity * price;
            }
        }

        var skus = Items.Where(i => i?.Sku is not null).GroupBy(i => i!.Sku, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (skus.Count > 0)
        {
            errors.Add("items", $"Each SKU once (use the quantity): {string.Join(", ", skus)}.");
        }

        if (total > MaxAmount)
        {
            errors.Add("items", $"The order total would exceed {MaxAmount}.");
        }
    }

    // \z, not $: "$" also matches before a final newline, which would let "MUG-1\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex SkuPattern();
}
