using ServiceDefaults.Validation;

namespace Orders.Service.Catalog;

/// <summary>What an admin may set on a product (PUT, and a merge patch once applied). The SKU is the product's identity.</summary>
public sealed record ProductRequest(string? Name, string? Description, decimal? UnitPrice, int? Stock) : IValidatableRequest
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStock = 1_000_000;

    /// <summary>Largest amount DECIMAL(10,2) holds.</summary>
    public const decimal MaxAmount = 99_999_999.99m;

    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("name", Name, MaxNameLength);
        errors.CheckText("description", Description, MaxDescriptionLength, required: false);

        if (UnitPrice is not { } price || price <= 0 || price > MaxAmount)
        {
            errors.Add("unit_price", $"Must be more than 0 and at most {MaxAmount}.");
        }
        else if (decimal.Round(price, 2) != price)
        {
            errors.Add("unit_price", "At most 2 decimals.");
        }

        if (Stock is not (>= 0 and <= MaxStock))
        {
            errors.Add("stock", $"Must be a whole number from 0 to {MaxStock}.");
        }
    }
}
