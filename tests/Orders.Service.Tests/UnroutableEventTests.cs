using Backend.Testing;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Outbox;

namespace Orders.Service.Tests;

/// <summary>No event vanishes: published before any consumer's queue exists, it waits in the outbox (shared broker and worker: runs alone).</summary>
[Collection(nameof(Outages))]
public sealed class UnroutableEventTests(OrdersFixture orders)
{
    private const string WorkerQueue = "order-confirmation-email";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Events_published_while_the_worker_has_never_started_all_become_emails_once_it_starts()
    {
        using var broker = await RabbitMqBroker.OfAsync(orders.App);
        using var mailbox = Mailbox.Of(orders.App);
        using var bob = orders.As(orders.Bob);
        using var admin = orders.As(orders.Admin);

        // As if the worker had never started: no process, no queue, so no binding that routes an order event anywhere.
        await orders.App.StopResourceAsync("notifications", Ct);
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        var numbers = new List<long>();
        var ids = new List<string>();
        try
        {
            await broker.DeleteQueueAsync(WorkerQueue, cancellationToken: Ct);
            for (var i = 0; i < 3; i++)
            {
                var order = await OrdersFixture.PlaceAsync(bob, await orders.OrderOfAsync(($"EARLY-{i}", "Before the worker", 1, 2m)));
                numbers.Add(order.GetProperty("number").GetInt64());
                ids.Add(order.GetProperty("id").GetString()!);
            }

            await OrderLifecycleEventTests.MoveAsync(admin, ids[0], "confirm");

            // The broker returned every one of them (mandatory publish): still in the outbox, unsent, tried at least once.
            await WaitForReturnedAsync(ids, since, expected: 4);
        }
        finally
        {
            await orders.App.StartResourceAsync("notifications", Ct);
        }

        var expected = numbers.Select(n => $"We received your order #{n}").Append($"Your order #{numbers[0]} is confirmed").Order().ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        List<string> subjects;
        do
        {
            await Task.Delay(500, Ct);
            subjects = [.. (await mailbox.EmailsToAsync(orders.Bob.Email, Ct)).Select(e => e.Subject ?? "").Where(expected.Contains).Order()];
        }
        while (subjects.Count < expected.Count && DateTime.UtcNow < deadline);

        Assert.Equal(expected, subjects); // every one, once
    }

    /// <summary>Waits until the events of these orders have each been returned by the broker at least once (and so kept).</summary>
    private async Task WaitForReturnedAsync(List<string> orderIds, DateTimeOffset since, int expected)
    {
        await using var db = await orders.DatabaseAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(r => r.CreatedAt >= since).ToListAsync(Ct);
            var ours = rows.Where(r => orderIds.Any(id => r.Payload.Contains(id, StringComparison.Ordinal))).ToList();
            if (ours.Count == expected && ours.All(r => r.SentAt is null && r.Attempts > 0))
            {
                Assert.All(ours, r => Assert.Contains("Returned", r.LastError, StringComparison.OrdinalIgnoreCase));
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not all returned and kept: {string.Join(", ", ours.Select(r => $"{r.MessageType} sent={r.SentAt} attempts={r.Attempts}"))}");
            await Task.Delay(250, Ct);
        }
    }
}
