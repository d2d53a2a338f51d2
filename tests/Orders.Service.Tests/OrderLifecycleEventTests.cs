using System.Text.Json;
using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>Each move of an order (confirm, ship, cancel) writes its event through the outbox, with whom to email.</summary>
public sealed class OrderLifecycleEventTests(OrdersFixture orders)
{
    internal const string Confirmed = "backend:orders:order-confirmed:v1";
    internal const string Shipped = "backend:orders:order-shipped:v1";
    internal const string Cancelled = "backend:orders:order-cancelled:v1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Confirming_shipping_and_cancelling_each_publish_their_event_once_with_the_customer_contact()
    {
        var messaging = await orders.ConnectionStringAsync("messaging");
        await using var confirmed = await BrokerProbe.ListenAsync(messaging, Confirmed, Ct);
        await using var shipped = await BrokerProbe.ListenAsync(messaging, Shipped, Ct);
        await using var cancelled = await BrokerProbe.ListenAsync(messaging, Cancelled, Ct);
        using var alice = orders.As(orders.Alice);
        using var admin = orders.As(orders.Admin);

        var toShip = await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("LIFE-1", "Shipped thing", 2, 5m)));
        var toCancel = await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("LIFE-2", "Cancelled thing", 1, 3.5m)));
        var shipId = toShip.GetProperty("id").GetString()!;
        var cancelId = toCancel.GetProperty("id").GetString()!;
        await MoveAsync(admin, shipId, "confirm");
        await MoveAsync(admin, shipId, "ship");
        await MoveAsync(alice, cancelId, "cancel");

        var confirmation = Assert.Single(await confirmed.WaitForAsync(m => OrderPlacedTests.OrderId(m) == shipId, 1, TimeSpan.FromSeconds(20), Ct));
        var shipment = Assert.Single(await shipped.WaitForAsync(m => OrderPlacedTests.OrderId(m) == shipId, 1, TimeSpan.FromSeconds(20), Ct));
        var cancellation = Assert.Single(await cancelled.WaitForAsync(m => OrderPlacedTests.OrderId(m) == cancelId, 1, TimeSpan.FromSeconds(20), Ct));

        AssertEvent(confirmation, "urn:message:" + Confirmed, toShip, 10m);
        AssertEvent(shipment, "urn:message:" + Shipped, toShip, 10m);
        AssertEvent(cancellation, "urn:message:" + Cancelled, toCancel, 3.5m);
        Assert.NotEqual(confirmation.MessageId, shipment.MessageId);
        Assert.DoesNotContain(confirmed.Received, m => OrderPlacedTests.OrderId(m) == cancelId); // a cancellation is not a confirmation
    }

    private void AssertEvent(BrokerMessage message, string urn, JsonElement order, decimal total)
    {
        Assert.Equal([urn], message.MessageTypes);
        var e = message.Message;
        Assert.Equal(message.MessageId?.ToString(), e.GetProperty("eventId").GetString());
        Assert.Equal(order.GetProperty("number").GetInt64(), e.GetProperty("orderNumber").GetInt64());
        Assert.Equal(orders.Alice.Id.ToString(), e.GetProperty("userId").GetString());
        Assert.Equal(orders.Alice.Email, e.GetProperty("customerEmail").GetString());
        Assert.Equal("Alice Orders", e.GetProperty("customerName").GetString());
        Assert.Equal(total, decimal.Parse(e.GetProperty("total").ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("EUR", e.GetProperty("currency").GetString());
        Assert.True(e.GetProperty("occurredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", e.GetProperty("traceParent").GetString());
    }

    internal static async Task MoveAsync(ApiClient api, string id, string move)
    {
        using var response = await api.PostAsync($"/api/v1/orders/{id}/{move}", new { }, ct: Ct);
        Assert.True(response.IsSuccessStatusCode, $"{move}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
