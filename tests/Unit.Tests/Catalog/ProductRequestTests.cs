using System.Text.Json;
using Orders.Service.Catalog;
using ServiceDefaults.Validation;
using static Unit.Tests.Validation;

namespace Unit.Tests.Catalog;

public sealed class ProductRequestTests
{
    private static CreateProductRequest Mug(string? sku = "MUG-1", string? name = "Mug", string? description = "A mug.", decimal? unitPrice = 9.5m, int? stock = 3) =>
        new(sku, name, description, unitPrice, stock);

    [Fact]
    public void A_complete_product_is_valid_and_the_description_is_optional()
    {
        Assert.Empty(ErrorsOf(Mug()));
        Assert.Empty(ErrorsOf(Mug(description: null, stock: 0)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MUG 1")]
    [InlineData("MUG-1\n")] // "$" would have let the final newline through
    [InlineData("MÜG")]
    [InlineData("A/B")]
    public void A_sku_outside_the_pattern_is_refused(string? sku) =>
        Assert.Equal(["sku"], ErrorsOf(Mug(sku: sku)).Keys);

    [Fact]
    public void A_sku_of_64_characters_is_accepted_and_65_refused()
    {
        Assert.Empty(ErrorsOf(Mug(sku: new string('a', 64))));
        Assert.Equal(["sku"], ErrorsOf(Mug(sku: new string('a', 65))).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.005")]
    [InlineData("100000000")]
    public void A_price_must_be_positive_with_at_most_two_decimals_and_fit_decimal_10_2(string? price) =>
        Assert.Equal(["unit_price"], ErrorsOf(Mug(unitPrice: price is null ? null : decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Stock_is_a_whole_number_from_zero(int? stock) =>
        Assert.Equal(["stock"], ErrorsOf(Mug(stock: stock)).Keys);

    [Fact]
    public void Names_and_descriptions_follow_the_text_rules()
    {
        Assert.Equal(["name"], ErrorsOf(Mug(name: null)).Keys);
        Assert.Equal(["name"], ErrorsOf(Mug(name: "   ")).Keys);
        Assert.Equal(["name"], ErrorsOf(Mug(name: new string('n', ProductRequest.MaxNameLength + 1))).Keys);
        Assert.Equal(["description"], ErrorsOf(Mug(description: "hidden\u200Btext\u0007")).Keys);
    }

    private static Product Stored() => new() { Sku = "MUG-1", Name = "Mug", Description = "A mug.", UnitPrice = 9.5m, Stock = 3 };

    private static (ProductRequest Result, Dictionary<string, string[]> Errors) Patch(string json)
    {
        using var patch = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        var result = ProductMergePatch.Apply(patch.RootElement, Stored(), errors);
        return (result, errors.ToDictionary());
    }

    [Fact]
    public void A_merge_patch_replaces_what_it_names_and_null_removes_the_description()
    {
        var (result, errors) = Patch("""{ "unit_price": 12.25, "stock": 0, "description": null }""");

        Assert.Empty(errors);
        Assert.Equal(new ProductRequest("Mug", null, 12.25m, 0), result);
    }

    [Fact]
    public void A_merge_patch_cannot_change_the_sku_or_remove_the_name_or_send_wrong_types()
    {
        var (_, errors) = Patch("""{ "sku": "OTHER", "name": null, "unit_price": "12", "stock": 1.5, "active": false }""");

        Assert.Equal(["sku", "name", "unit_price", "stock", "active"], errors.Keys);
    }

    [Fact]
    public void The_search_is_checked_like_a_name_and_is_lower_cased_for_the_index()
    {
        Assert.Equal("mug", new ListProductsQuery { Search = "  MuG " }.NamePrefix);
        Assert.Null(new ListProductsQuery { Search = "  " }.NamePrefix);
        Assert.Equal(["q"], ErrorsOf(new ListProductsQuery { Search = "a\u0000" }).Keys);
    }
}
