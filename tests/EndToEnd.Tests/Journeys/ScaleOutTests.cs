using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace EndToEnd.Tests.Journeys;

public sealed class ScaleOutTests(ScaledOutSystem system) : IClassFixture<ScaledOutSystem>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 240_000)]
    public async Task The_journeys_pass_with_two_instances_of_every_service()
    {
        var (person, orderId) = await Journeys.NewCustomerOrdersAndGetsTheirEmailAsync(system.App);
        await Journeys.CustomersAreIsolatedAndTheAdminSeesEverythingAsync(system.App, person, orderId);
        await Journeys.AServiceClientGetsOnlyWhatItsScopesAllowAsync(system.App, system.ServiceSecret, orderId);
        await Journeys.MobileAppSignsInRefreshesAndAReplayIsRefusedAsync(system.App);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reads_after_writes_are_never_stale_whichever_instance_answers()
    {
        var gateway = system.App.Endpoint("gateway", "http");
        var person = await TestAccounts.RegisterAsync(gateway, "Coherent", ct: Ct);
        using var api = new ApiClient(gateway, person.AccessToken);

        for (var round = 0; round < 10; round++)
        {
            using var write = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"name":"Version {{round}}"}""", "application/merge-patch+json", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
            for (var read = 0; read < 4; read++) // spread over both instances by the proxy
            {
                using var me = await api.GetAsync("/api/v1/users/me", ct: Ct);
                Assert.Equal($"Version {round}", (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("name").GetString());
            }
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Two_relays_publish_each_event_once_and_two_workers_share_the_queue_sending_one_email_per_order()
    {
        var gateway = system.App.Endpoint("gateway", "http");
        await using var probe = await BrokerProbe.ListenAsync(await system.App.ConnectionStringAsync("messaging", Ct) ?? "", "backend:orders:order-placed:v1", Ct);
        using var mailbox = Mailbox.Of(system.App);
        var buyer = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Scale Buyer", ct: Ct);
        using var api = new ApiClient(gateway, buyer.AccessToken);
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var scaled = await Shop.AddProductAsync(shopkeeper, "SCALE", "Scaled", 1.5m, ct: Ct);

        var orders = new List<(string Id, long Number)>();
        foreach (var batch in Enumerable.Range(0, 40).Chunk(8))
        {
            var placed = await Task.WhenAll(batch.Select(async i =>
            {
                using var response = await api.PlaceOrderAsync(Shop.Order((scaled, 1)), ct: Ct);
                var body = await ApiClient.ReadJsonAsync(response, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
                return (body.GetProperty("id").GetString()!, body.GetProperty("number").GetInt64());
            }));
            orders.AddRange(placed);
        }

        var ids = orders.Select(o => o.Id).ToHashSet();
        await probe.WaitForAsync(m => ids.Contains(OrderId(m)), ids.Count, TimeSpan.FromSeconds(30), Ct);
        // Marked sent in the outbox, an event is never published again; every copy published before is in the probe's
        // queue ahead of its marker.
        await WaitUntilPublishedAsync(ids);
        await probe.DrainAsync(TimeSpan.FromSeconds(10), Ct);
        // The worker queue got what the probe got (the same fanout): each delivery ends in a "sent" or a "skipped" line
        // of one worker or the other. Once every event is accounted for, no email can still come.
        var published = probe.Received.Where(m => ids.Contains(OrderId(m))).GroupBy(OrderId).ToDictionary(g => g.Key, g => g.Count());
        await Eventually.TrueAsync(() => orders.All(o => WorkerLog.Sent(system.App, o.Number) + WorkerLog.Skipped(system.App, o.Number) >= published.GetValueOrDefault(o.Id)),
            TimeSpan.FromSeconds(60), "the workers handled every delivered event", TimeSpan.FromMilliseconds(250), Ct);
        var emails = await mailbox.WaitForEmailsAsync(buyer.Email, orders.Count, TimeSpan.FromSeconds(60), "order", Ct);
        using var broker = await RabbitMqBroker.OfAsync(system.App);
        var consumers = await broker.ConsumersAsync("order-confirmation-email", cancellationToken: Ct);

        var events = probe.Received.Where(m => ids.Contains(OrderId(m))).GroupBy(OrderId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Count, events.Count);
        Assert.All(events.Values, count => Assert.Equal(1, count));
        var perOrder = (await mailbox.EmailsToAsync(buyer.Email, "order", Ct)).GroupBy(e => e.Subject ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(orders.Count, perOrder.Count);
        Assert.All(perOrder.Values, count => Assert.Equal(1, count));
        Assert.Equal(2, consumers); // both workers take from the same queue
        Assert.True(emails.Count >= orders.Count);
    }

    /// <summary>Waits until the outbox marks the OrderPlaced events of these orders sent: published (confirmed), never again.</summary>
    private async Task WaitUntilPublishedAsync(HashSet<string> orderIds)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(await system.App.ConnectionStringAsync("ordersdb", Ct) ?? "");
        var patterns = orderIds.Select(id => $"%{id}%").ToArray();
        await Eventually.TrueAsync(async () =>
        {
            await using var query = data.CreateCommand(
                $"SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FROM {ServiceDefaults.Outbox.OutboxModel.Table} WHERE payload::text LIKE ANY($1)");
            query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = patterns });
            await using var reader = await query.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            return reader.GetInt64(0) == reader.GetInt64(1) && reader.GetInt64(1) >= orderIds.Count;
        }, TimeSpan.FromSeconds(30), $"the outbox marks the events of {orderIds.Count} orders sent", TimeSpan.FromMilliseconds(200), Ct);
    }

    private static string OrderId(BrokerMessage message) =>
        message.Message.TryGetProperty("orderId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
}
