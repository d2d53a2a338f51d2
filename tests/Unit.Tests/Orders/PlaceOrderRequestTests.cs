using Orders.Service.Orders;
using static Unit.Tests.Validation;

namespace Unit.Tests.Orders;

public sealed class PlaceOrderRequestTests
{
    private static OrderLineRequest Line(string? sku = "MUG-1", int? quantity = 1) => new(sku, quantity);

    // The API receives null array elements as null items: the request type says non-null, the JSON does not promise it.
    private static PlaceOrderRequest Request(params OrderLineRequest?[] items) => new([.. items.Select(i => i!)]);

    [Fact]
    public void A_well_formed_order_is_accepted()
    {
        Assert.Empty(ErrorsOf(Request(Line(), Line(sku: "TEA-7", quantity: 3))));
    }

    [Fact]
    public void An_order_without_items_is_refused()
    {
        Assert.Equal(["items"], ErrorsOf(new PlaceOrderRequest(null)).Keys);
        Assert.Equal(["items"], ErrorsOf(new PlaceOrderRequest([])).Keys);
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
    [InlineData(null, false)]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void A_quantity_is_a_whole_number_from_1_to_1000(int? quantity, bool accepted)
    {
        var errors = ErrorsOf(Request(Line(quantity: quantity)));

        Assert.Equal(accepted ? Array.Empty<string>() : ["items[0].quantity"], errors.Keys);
    }

    [Fact]
    public void The_same_sku_twice_is_refused_naming_the_repeating_line_and_the_first()
    {
        var errors = ErrorsOf(Request(Line(sku: "MUG-1"), Line(sku: "TEA-7"), Line(sku: "MUG-1", quantity: 2)));

        var message = Assert.Single(errors["items[2].sku"]);
        Assert.Contains("MUG-1", message, StringComparison.Ordinal);
        Assert.Contains("items[0]", message, StringComparison.Ordinal);
        Assert.Single(errors);
    }

    [Fact]
    public void Every_invalid_field_is_reported_by_its_path_at_once()
    {
        var errors = ErrorsOf(Request(Line(), Line(sku: "", quantity: 0), null, Line(sku: "MUG-1", quantity: 1001)));

        Assert.Equal(["items[1].quantity", "items[1].sku", "items[2]", "items[3].quantity", "items[3].sku"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
