using System.Data.Common;
using System.Diagnostics;
using Backend.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Service.Tests;

/// <summary>Faults that affect the shared system (the broker, the Orders.Service process): these run alone.</summary>
[Collection(nameof(Outages))]
public sealed class OrderPlacedOutageTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 240_000)]
    public async Task With_RabbitMQ_down_orders_are_still_accepted_and_their_events_go_out_when_it_returns()
    {
        await using var broker = await BrokerProbe.ListenAsync(await orders.ConnectionStringAsync("messaging"), OrderPlacedTests.Exchange, Ct);
        using var api = orders.As(orders.Alice);
        var body = await orders.OrderOfAsync(("DOWN", "While the broker is down", 1, 2m));

        await orders.App.KillResourceAsync("messaging", Ct);
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var order = await OrdersFixture.PlaceAsync(api, body);
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"POST took {started.Elapsed}: it must not wait for the broker");
                ids.Add(order.GetProperty("id").GetString()!);
            }
        }
        finally
        {
            await orders.App.StartResourceAsync("messaging", Ct);
        }

        var delivered = await broker.WaitForAsync(m => ids.Contains(OrderPlacedTests.OrderId(m)), ids.Count, TimeSpan.FromSeconds(90), Ct);
        Assert.Equal(ids.Order(), delivered.Select(OrderPlacedTests.OrderId).Distinct().Order());
    }

    [Fact(Timeout = 240_000)]
    public async Task A_relay_that_dies_between_publishing_and_marking_sent_leads_to_a_second_publish_never_to_a_loss()
    {
        await using var broker = await BrokerProbe.ListenAsync(await orders.ConnectionStringAsync("messaging"), OrderPlacedTests.Exchange, Ct);
        var body = await orders.OrderOfAsync(("CRASH-1", "Published twice", 1, 4m));
        var crash = new CrashAfterPublish();
        await AsTheOnlyRelayAsync(services => services.ConfigureDbContext<global::Orders.Service.Data.OrdersDb>(db => db.AddInterceptors(crash)), async api =>
        {
            crash.Arm(); // started: its migrations' commits are behind it

            var order = await OrdersFixture.PlaceAsync(api, body);
            var id = order.GetProperty("id").GetString();
            var copies = await broker.WaitForAsync(m => OrderPlacedTests.OrderId(m) == id, count: 2, TimeSpan.FromSeconds(30), Ct);

            Assert.True(crash.Crashed, "the fault was never injected");
            Assert.Equal(2, copies.Count); // the first publish, and the retry after the "crash": a duplicate, not a loss
            Assert.Equal(copies[0].MessageId, copies[1].MessageId); // the same event: consumers deduplicate on it
        });
    }

    [Fact(Timeout = 240_000)]
    public async Task A_placed_orders_commit_wakes_the_relay_which_otherwise_would_not_look_for_an_hour()
    {
        await using var broker = await BrokerProbe.ListenAsync(await orders.ConnectionStringAsync("messaging"), OrderPlacedTests.Exchange, Ct);
        var body = await orders.OrderOfAsync(("WAKE-1", "Published on the commit's signal", 1, 3m));
        // It polls once an hour: only the commit's signal publishes in time.
        await AsTheOnlyRelayAsync(services => services.AddSingleton(new ServiceDefaults.Outbox.OutboxOptions { PollInterval = TimeSpan.FromHours(1) }), async api =>
        {
            // The first may leave with the relay's drain at start; the relay waits on the signal after that drain.
            for (var i = 0; i < 2; i++)
            {
                var id = (await OrdersFixture.PlaceAsync(api, body)).GetProperty("id").GetString();
                Assert.Single(await broker.WaitForAsync(m => OrderPlacedTests.OrderId(m) == id, count: 1, TimeSpan.FromSeconds(30), Ct));
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> against a second Orders.Service instance configured by <paramref name="services"/>, as
    /// Alice, while the fixture's instance is stopped: the only relay running is the one under test.
    /// </summary>
    private async Task AsTheOnlyRelayAsync(Action<IServiceCollection> services, Func<ApiClient, Task> test)
    {
        await orders.App.KillResourceAsync("orders", Ct);
        try
        {
            await using var instance = await orders.SecondInstanceAsync(services);
            using var api = instance.ApiClient(orders.Alice.AccessToken);
            await test(api);
        }
        finally
        {
            await orders.App.StartResourceAsync("orders", Ct);
        }
    }

    /// <summary>
    /// Once armed, the first time the relay commits its marks (the broker already has the message, the row is marked sent
    /// in the transaction), the "process dies": the commit fails. The relay commits inside its batch's activity (the
    /// "Backend.Outbox" source); the order's request commits inside the request's.
    /// </summary>
    private sealed class CrashAfterPublish : DbTransactionInterceptor
    {
        private int _crashed;
        private volatile bool _armed;

        public bool Crashed => _crashed == 1;

        public void Arm() => _armed = true;

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default)
        {
            var relaying = _armed && Activity.Current?.Source.Name == "Backend.Outbox";
            if (relaying && Interlocked.CompareExchange(ref _crashed, 1, 0) == 0)
            {
                throw new InvalidOperationException("Simulated crash between publish and committing the message's mark as sent.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
