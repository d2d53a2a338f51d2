using Orders.Service.Orders;
using static Unit.Tests.Validation;

namespace Unit.Tests.Orders;

public sealed class PlaceOrderRequestTests
{
    private static OrderLineRequest Line(string? sku = "MUG-1", string? name = "Mug", int? quantity = 1, decimal? unitPrice = 9.90m) =>
        new(sku, name, quantity, unitPrice);

    // The API receives null array elements as null items: the request type says non-null, the JSON does not promise it.
    private static PlaceOrderRequest Request(params OrderLineRequest?[] items) => new([.. items.Select(i => i!)], "EUR");

    [Fact]
    public void A_well_formed_order_is_accepted()
    {
        Assert.Empty(ErrorsOf(new PlaceOrderRequest([Line(), Line(sku: "TEA-7", name: "Tea", quantity: 3, unitPrice: 4.50m)], "GBP")));
    }

    [Fact]
    public void Without_a_currency_the_order_is_in_euros()
    {
        var request = new PlaceOrderRequest([Line()], null);

        Assert.Empty(ErrorsOf(request));
        Assert.Equal("EUR", request.CurrencyOrDefault);
    }

    [Theory]
    [InlineData("JPY")]
    [InlineData("eur")]
    [InlineData("")]
    [InlineData("EURO")]
    public void Only_the_listed_currencies_are_accepted_exactly_as_written(string currency)
    {
        var errors = ErrorsOf(new PlaceOrderRequest([Line()], currency));

        Assert.Equal(["currency"], errors.Keys);
    }

    [Fact]
    public void An_order_without_items_is_refused()
    {
        Assert.Equal(["items"], ErrorsOf(new PlaceOrderRequest(null, "EUR")).Keys);
        Assert.Equal(["items"], ErrorsOf(new PlaceOrderRequest([], "EUR")).Keys);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void An_order_holds_at_most_a_hundred_items(int count, bool accepted)
    {
        var request = Request([.. Enumerable.Range(0, count).Select(i => Line(sku: $"SKU-{i}"))]);

        var errors = ErrorsOf(request);

        Assert.Equal(accepted, errors.Count == 0);
        if (!accepted)
        {
            Assert.Contains("100", Assert.Single(errors["items"]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_null_item_is_named_by_its_position()
    {
        var errors = ErrorsOf(Request(Line(), null));

        Assert.Equal(["items[1]"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MUG 1")]
    [InlineData("MUG/1")]
    [InlineData("MÜG-1")]
    [InlineData("MUG-1;DROP")]
    public void A_sku_outside_letters_digits_dash_underscore_and_dot_is_refused(string? sku)
    {
        Assert.Equal(["items[0].sku"], ErrorsOf(Request(Line(sku: sku))).Keys);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Mug_2.v-3")]
    public void A_sku_of_letters_digits_dash_underscore_and_dot_is_accepted(string sku)
    {
        Assert.Empty(ErrorsOf(Request(Line(sku: sku))));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void A_sku_has_at_most_64_characters(int length, bool accepted)
    {
        Assert.Equal(accepted, ErrorsOf(Request(Line(sku: new string('A', length)))).Count == 0);
    }

    [Fact]
    public void A_sku_ending_in_a_newline_is_refused()
    {
        Assert.Equal(["items[0].sku"], ErrorsOf(Request(Line(sku: "MUG-1\n"))).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("Mug\u0000")]
    public void An_item_needs_a_clean_non_empty_name(string? name)
    {
        Assert.Equal(["items[0].name"], ErrorsOf(Request(Line(name: name))).Keys);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void An_item_name_has_at_most_200_characters(int length, bool accepted)
    {
        Assert.Equal(accepted, ErrorsOf(Request(Line(name: new string('n', length)))).Count == 0);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void A_quantity_is_a_whole_number_from_1_to_1000(int? quantity, bool accepted)
    {
        var errors = ErrorsOf(Request(Line(quantity: quantity, unitPrice: 1m)));

        Assert.Equal(accepted ? Array.Empty<string>() : ["items[0].quantity"], errors.Keys);
    }

    public static TheoryData<decimal?, bool> UnitPrices => new()
    {
        { null, false },
        { -1m, false },
        { 0m, false },
        { 0.01m, true },
        { 1.1m, true },
        { 1.10m, true },
        { 1.105m, false },
        { 0.001m, false },
        { 99_999_999.99m, true },
        { 100_000_000m, false },
    };

    [Theory]
    [MemberData(nameof(UnitPrices))]
    public void A_unit_price_is_positive_with_at_most_2_decimals_and_fits_the_column(decimal? unitPrice, bool accepted)
    {
        var errors = ErrorsOf(Request(Line(unitPrice: unitPrice)));

        Assert.Equal(accepted ? Array.Empty<string>() : ["items[0].unit_price"], errors.Keys);
    }

    [Fact]
    public void Trailing_zeros_beyond_two_decimals_are_still_two_decimals()
    {
        // 1.100 is 1.10: a client sending "1.100" in JSON is not refused for the written form.
        Assert.Empty(ErrorsOf(Request(Line(unitPrice: 1.100m))));
    }

    [Fact]
    public void The_same_sku_twice_is_refused_and_named()
    {
        var errors = ErrorsOf(Request(Line(sku: "MUG-1"), Line(sku: "TEA-7"), Line(sku: "MUG-1", quantity: 2)));

        var message = Assert.Single(errors["items"]);
        Assert.Contains("MUG-1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("TEA-7", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_total_above_what_the_column_holds_is_refused()
    {
        // Each line is valid (1000 × 99,999.99 = 99,999,990), but together they exceed DECIMAL(10,2).
        var errors = ErrorsOf(Request(Line(sku: "A", quantity: 1000, unitPrice: 99_999.99m), Line(sku: "B", quantity: 1, unitPrice: 10.01m)));

        Assert.Contains("exceed", Assert.Single(errors["items"]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_total_exactly_at_the_column_maximum_is_accepted()
    {
        Assert.Empty(ErrorsOf(Request(Line(sku: "A", quantity: 1000, unitPrice: 99_999.99m), Line(sku: "B", quantity: 1, unitPrice: 9.99m))));
    }

    [Fact]
    public void Every_invalid_field_is_reported_by_its_path_at_once()
    {
        var errors = ErrorsOf(new PlaceOrderRequest([Line(), Line(sku: "", name: null, quantity: 0, unitPrice: 0m)], "XXX"));

        Assert.Equal(
            ["currency", "items[1].name", "items[1].quantity", "items[1].sku", "items[1].unit_price"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
