using System.Text.Json;
using ServiceDefaults.Validation;

namespace Orders.Service.Catalog;

/// <summary>
/// A JSON Merge Patch (RFC 7396) of a product: members present replace, members absent stay, null removes
/// (only the description may be removed). The SKU, the currency and whether the product is active are not
/// changed this way.
/// </summary>
public static class ProductMergePatch
{
    public const string MediaType = MergePatchMembers.MediaType;

    /// <summary>The full request after applying <paramref name="patch"/> to <paramref name="current"/>; problems go to <paramref name="errors"/>.</summary>
    public static ProductRequest Apply(JsonElement patch, Product current, ValidationErrors errors)
    {
        var result = new ProductRequest(current.Name, current.Description, current.UnitPrice, current.Stock);
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "A merge patch must be a JSON object.");
            return result;
        }

        foreach (var member in patch.EnumerateObject())
        {
            if (MergePatchMembers.Name(member, errors) is not { } field)
            {
                continue;
            }

            var value = member.Value;
            switch (field)
            {
                case "name":
                    result = result with { Name = MergePatchMembers.Text(field, value, errors) };
                    break;
                case "description":
                    result = result with { Description = MergePatchMembers.Text(field, value, errors, removable: true) };
                    break;
                case "unit_price":
                    result = result with { UnitPrice = value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var price) ? price : Invalid<decimal>(field, "Must be a number.", errors) };
                    break;
                case "stock":
                    result = result with { Stock = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var stock) ? stock : Invalid<int>(field, "Must be a whole number.", errors) };
                    break;
                default:
                    errors.Add(field, "This field cannot be changed.");
                    break;
            }
        }

        return result;
    }

    private static T? Invalid<T>(string field, string message, ValidationErrors errors) where T : struct
    {
        errors.Add(field, message);
        return null;
    }
}
