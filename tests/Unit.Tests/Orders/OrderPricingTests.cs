using Orders.Service.Catalog;
using Orders.Service.Orders;
using ServiceDefaults.Api;

namespace Unit.Tests.Orders;

public sealed class OrderPricingTests
{
    private static Product Product(string sku, decimal price, int stock, bool active = true) =>
        new() { Sku = sku, Name = $"Name of {sku}", UnitPrice = price, Stock = stock, Active = active };

    private static Dictionary<string, Product> Catalog(params Product[] products) => products.ToDictionary(p => p.Sku, StringComparer.Ordinal);

    private static List<OrderLineRequest> Lines(params (string Sku, int Quantity)[] lines) => [.. lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))];

    [Fact]
    public void Lines_take_the_catalog_s_name_and_price()
    {
        var failure = OrderPricing.TryPrice(Lines(("MUG", 2), ("TEA", 1)), Catalog(Product("MUG", 9.90m, 5), Product("TEA", 4m, 1)), out var lines);

        Assert.Null(failure);
        Assert.Equal([new OrderLine("MUG", "Name of MUG", 2, 9.90m), new OrderLine("TEA", "Name of TEA", 1, 4m)], lines);
    }

    [Fact]
    public void Unknown_and_inactive_skus_and_short_stock_are_one_conflict_naming_every_line()
    {
        var catalog = Catalog(Product("MUG", 9.90m, 5), Product("OLD", 1m, 9, active: false), Product("TEA", 4m, 1));

        var failure = OrderPricing.TryPrice(Lines(("MUG", 5), ("GONE", 1), ("OLD", 1), ("TEA", 2)), catalog, out _);

        Assert.Equal(FailureKind.Conflict, failure?.Kind);
        Assert.Equal(["items[1].sku", "items[2].sku", "items[3].quantity"], failure!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Only 1 of TEA in stock.", failure.Errors["items[3].quantity"].Single());
        Assert.Contains("Nothing was reserved", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_with_no_stock_is_out_of_stock()
    {
        var failure = OrderPricing.TryPrice(Lines(("MUG", 1)), Catalog(Product("MUG", 9.90m, 0)), out _);

        Assert.Equal("MUG is out of stock.", failure!.Errors!["items[0].quantity"].Single());
    }

    [Fact]
    public void A_total_above_what_the_column_holds_is_refused()
    {
        var catalog = Catalog(Product("A", 99_999.99m, 1000), Product("B", 10.01m, 1));

        var failure = OrderPricing.TryPrice(Lines(("A", 1000), ("B", 1)), catalog, out _);

        Assert.Equal(FailureKind.Invalid, failure?.Kind);
        Assert.Contains("exceed", failure!.Errors!["items"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_repriced_or_renamed_since_the_quote_are_one_conflict_naming_each()
    {
        List<OrderLine> quoted = [new("MUG", "Name of MUG", 2, 9.90m), new("TEA", "Name of TEA", 1, 4m), new("JAM", "Name of JAM", 1, 3m)];
        var now = Catalog(Product("MUG", 9.90m, 5), Product("TEA", 4.50m, 1), Product("JAM", 3m, 1));
        now["JAM"].Name = "Jam, renamed";

        var failure = OrderPricing.Repriced(quoted, now);

        Assert.Equal(FailureKind.Conflict, failure.Kind);
        Assert.Equal(["items[1].sku", "items[2].sku"], failure.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("4.50", failure.Errors["items[1].sku"].Single(), StringComparison.Ordinal);
        Assert.Contains("new Idempotency-Key", failure.Detail, StringComparison.Ordinal);
    }
}
