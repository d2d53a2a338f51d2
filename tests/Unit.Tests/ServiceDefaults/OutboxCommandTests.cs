using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using Orders.Service.Orders;
using ServiceDefaults.Outbox;

namespace Unit.Tests.ServiceDefaults;

/// <summary>The outbox's raw-batch path (ServiceDefaults/Messaging/Outbox/Outbox.cs), without a database.</summary>
public sealed class OutboxCommandTests
{
    [Fact]
    public void A_raw_outbox_command_outside_a_unit_of_work_is_refused_so_its_event_cannot_outlive_a_rollback_or_miss_its_commit()
    {
        using var db = new OrdersDb(new DbContextOptionsBuilder<OrdersDb>().UseNpgsql("Host=127.0.0.1;Port=1").Options);
        using var signal = new OutboxSignal<OrdersDb>();
        var outbox = new Outbox<OrdersDb>(db, new OutboxMessageTypes().Add<OrderPlaced>(), signal, TimeProvider.System);

        Assert.Throws<InvalidOperationException>(() => outbox.EnqueueCommand(id => new OrderPlaced(id, Guid.NewGuid(), 1000, Guid.NewGuid(),
            "ada@example.com", "Ada", [], 1m, "EUR", DateTimeOffset.UtcNow, null)));
    }

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Confirmed)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Cancelled)]
    public void Placing_an_order_with_SQL_stores_its_status_as_EF_Core_reads_and_writes_it(OrderStatus status)
    {
        using var db = new OrdersDb(new DbContextOptionsBuilder<OrdersDb>().UseNpgsql("Host=127.0.0.1;Port=1").Options);
        var converter = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.Status))!.GetValueConverter()!;

        Assert.Equal(converter.ConvertToProvider(status), OrdersDb.StatusName(status));
        Assert.Equal(status, converter.ConvertFromProvider(OrdersDb.StatusName(status)));
    }
}
