using Orders.Service.Orders;
using ServiceDefaults.Pagination;
using Users.Service.Users;
using static Unit.Tests.Validation;

namespace Unit.Tests.Orders;

public sealed class ListOrdersQueryTests
{
    [Theory]
    [InlineData("pending", OrderStatus.Pending)]
    [InlineData("confirmed", OrderStatus.Confirmed)]
    [InlineData("shipped", OrderStatus.Shipped)]
    [InlineData("cancelled", OrderStatus.Cancelled)]
    [InlineData("Shipped", OrderStatus.Shipped)]
    public void Orders_can_be_filtered_by_status_as_the_api_writes_it(string filter, OrderStatus status)
    {
        var query = new ListOrdersQuery { StatusFilter = filter };

        Assert.Empty(ErrorsOf(query));
        Assert.Equal(status, query.Status);
    }

    [Fact]
    public void Without_a_status_filter_every_status_is_listed()
    {
        var query = new ListOrdersQuery();

        Assert.Empty(ErrorsOf(query));
        Assert.Null(query.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("delivered")]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("+1")]
    [InlineData("-1")]
    public void An_unknown_or_numeric_status_is_refused(string filter)
    {
        Assert.Equal(["status"], ErrorsOf(new ListOrdersQuery { StatusFilter = filter }).Keys);
    }

    [Theory]
    [InlineData("confirmed,shipped")]
    [InlineData("pending,cancelled")]
    public void A_list_of_statuses_is_refused(string filter)
    {
        Assert.Equal(["status"], ErrorsOf(new ListOrdersQuery { StatusFilter = filter }).Keys);
    }

    [Fact]
    public void A_cursor_from_the_orders_list_is_accepted_and_points_after_that_order()
    {
        var last = new OrderCursor(new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.Zero), Guid.NewGuid());
        var query = new ListOrdersQuery { Cursor = Cursors.Encode(last) };

        Assert.Empty(ErrorsOf(query));
        Assert.Equal(last, query.After);
    }

    [Fact]
    public void A_cursor_from_the_users_list_is_not_an_orders_cursor()
    {
        var query = new ListOrdersQuery { Cursor = Cursors.Encode(new UserCursor(Guid.NewGuid())) };

        Assert.Equal(["cursor"], ErrorsOf(query).Keys);
    }

    [Fact]
    public void Errors_of_the_page_and_of_the_filter_are_reported_together()
    {
        var errors = ErrorsOf(new ListOrdersQuery { Limit = 0, Cursor = "nope!", StatusFilter = "lost" });

        Assert.Equal(["cursor", "limit", "status"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
