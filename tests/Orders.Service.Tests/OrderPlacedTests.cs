using System.Text.Json;
using Backend.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Service.Tests;

/// <summary>OrderPlaced through the transactional outbox: on the broker once, never lost.</summary>
public sealed class OrderPlacedTests(OrdersFixture orders)
{
    internal const string Exchange = "backend:orders:order-placed:v1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_produces_exactly_one_order_placed_with_its_content()
    {
        await using var broker = await BrokerProbe.ListenAsync(await orders.ConnectionStringAsync("messaging"), Exchange, Ct);
        using var api = orders.As(orders.Alice);

        var order = await OrdersFixture.PlaceAsync(api, await orders.OrderOfAsync(("EVT-1", "Evented", 2, 7.25m), ("EVT-2", "Second", 1, 0.5m)));
        var id = order.GetProperty("id").GetString();
        var events = await broker.WaitForAsync(m => OrderId(m) == id, count: 1, TimeSpan.FromSeconds(10), Ct);
        // Marked sent in the outbox, the event is never published again; every copy published before is in the probe's
        // queue ahead of its marker.
        await orders.WaitUntilPublishedAsync([id!]);
        await broker.DrainAsync(TimeSpan.FromSeconds(10), Ct);

        var message = Assert.Single(broker.Received, m => OrderId(m) == id);
        Assert.Equal(["urn:message:backend:orders:order-placed:v1"], message.MessageTypes);
        var placed = message.Message;
        Assert.Equal(message.MessageId?.ToString(), placed.GetProperty("eventId").GetString());
        Assert.Equal(order.GetProperty("number").GetInt64(), placed.GetProperty("orderNumber").GetInt64());
        Assert.Equal(orders.Alice.Id.ToString(), placed.GetProperty("userId").GetString());
        Assert.Equal(orders.Alice.Email, placed.GetProperty("customerEmail").GetString());
        Assert.Equal("Alice Orders", placed.GetProperty("customerName").GetString());
        Assert.Equal(15.00m, Money(placed.GetProperty("total")));
        Assert.Equal("EUR", placed.GetProperty("currency").GetString());
        Assert.Equal(2, placed.GetProperty("items").GetArrayLength());
        Assert.Equal(order.GetProperty("items")[0].GetProperty("sku").GetString(), placed.GetProperty("items")[0].GetProperty("sku").GetString());
        Assert.Equal(("Evented", 7.25m), (placed.GetProperty("items")[0].GetProperty("name").GetString(), Money(placed.GetProperty("items")[0].GetProperty("unitPrice"))));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", placed.GetProperty("traceParent").GetString());
        Assert.Single(events);
    }

    [Fact]
    public async Task Two_relays_on_the_same_outbox_publish_each_event_once()
    {
        await using var broker = await BrokerProbe.ListenAsync(await orders.ConnectionStringAsync("messaging"), Exchange, Ct);
        await using var second = await orders.SecondInstanceAsync();
        using var first = orders.As(orders.Bob);
        using var other = second.ApiClient(orders.Bob.AccessToken);

        var body = await orders.OrderOfAsync(("TWO", "Relayed", 1, 1m));
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var order = await OrdersFixture.PlaceAsync(i % 2 == 0 ? first : other, body);
            ids.Add(order.GetProperty("id").GetString()!);
        }

        await broker.WaitForAsync(m => ids.Contains(OrderId(m)), count: ids.Count, TimeSpan.FromSeconds(20), Ct);
        // Every event marked sent by one relay or the other: none is published again, and the probe has every copy
        // once it has drained its queue.
        await orders.WaitUntilPublishedAsync(ids);
        await broker.DrainAsync(TimeSpan.FromSeconds(10), Ct);

        // A copy the broker redelivered to the probe (its ack lost) is the probe's repeat, not a second publish.
        var perOrder = broker.Received.Where(m => ids.Contains(OrderId(m)))
            .GroupBy(OrderId)
            .ToDictionary(g => g.Key, g => g.Count(m => !m.Redelivered) is var fresh and > 0 ? fresh : 1);
        Assert.Equal(ids.Count, perOrder.Count); // none lost
        Assert.All(broker.Received.Where(m => ids.Contains(OrderId(m))).GroupBy(OrderId),
            copies => Assert.Single(copies.Select(m => m.MessageId).Distinct())); // one event per order, never written twice

        // None claimed twice: a second publish may only follow a failed attempt (no confirm within the publish timeout, a
        // channel closed under load), which at-least-once allows and consumers deduplicate on the message id.
        var repeated = perOrder.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        if (repeated.Count > 0)
        {
            await using var db = await orders.DatabaseAsync();
            var retried = await db.Set<ServiceDefaults.Outbox.OutboxMessage>().AsNoTracking().Where(r => r.Attempts > 0).ToListAsync(Ct);
            Assert.All(repeated, id => Assert.True(retried.Any(r => r.Payload.Contains(id, StringComparison.Ordinal)),
                $"The event of order {id} was published {perOrder[id]} times without a failed attempt: two relays claimed it."));
        }
    }

    // MassTransit writes decimals as strings, so no precision is lost on the way.
    private static decimal Money(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();

    internal static string OrderId(BrokerMessage message) =>
        message.Message.TryGetProperty("orderId", out var id) ? id.GetString() ?? "" : "";
}
