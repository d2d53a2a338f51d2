using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ServiceDefaults.Validation;

namespace Orders.Service.Catalog;

/// <summary>POST /api/v1/products: a new product, active at once.</summary>
public sealed partial record CreateProductRequest(string? Sku, string? Name, string? Description, decimal? UnitPrice, int? Stock) : IValidatableRequest
{
    public const int MaxSkuLength = 64;

    [JsonIgnore] // derived from the fields above: not a field of the request, nor of its API document
    public ProductRequest Details => new(Name, Description, UnitPrice, Stock);

    public void Validate(ValidationErrors errors)
    {
        if (!IsSku(Sku))
        {
            errors.Add("sku", $"Required: 1 to {MaxSkuLength} letters, digits, '-', '_' or '.'.");
        }

        Details.Validate(errors);
    }

    public static bool IsSku(string? sku) => sku is not null && SkuPattern().IsMatch(sku);

    // \z, not $: "$" also matches before a final newline, which would let "MUG-1\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex SkuPattern();
}
