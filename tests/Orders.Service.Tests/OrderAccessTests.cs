using System.Net;
using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>Reading, listing and moving orders: owners, other customers (BOLA) and admins.</summary>
public sealed class OrderAccessTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_customer_cannot_read_cancel_or_list_my_order_404_not_403()
    {
        using var alice = orders.As(orders.Alice);
        using var bob = orders.As(orders.Bob);
        var order = await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("PRIVATE-1", "Mine", 1, 5m)));
        var path = $"/api/v1/orders/{order.GetProperty("id").GetString()}";

        using var read = await bob.GetAsync(path, ct: Ct);
        using var cancel = await bob.PostAsync($"{path}/cancel", new { }, ct: Ct);
        using var listOthers = await bob.GetAsync($"/api/v1/orders?user_id={orders.Alice.Id}", ct: Ct);
        using var ownList = await bob.GetAsync("/api/v1/orders?limit=100", ct: Ct);
        using var stillPending = await alice.GetAsync(path, ct: Ct);

        await ProblemAssert.IsProblemAsync(read, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(cancel, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(listOthers, HttpStatusCode.Forbidden, Ct);
        Assert.DoesNotContain((await ApiClient.ReadJsonAsync(ownList, Ct)).GetProperty("data").EnumerateArray(),
            o => o.GetProperty("id").GetString() == order.GetProperty("id").GetString());
        Assert.Equal("pending", (await ApiClient.ReadJsonAsync(stillPending, Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_admin_reads_and_lists_anyone_s_orders()
    {
        using var alice = orders.As(orders.Alice);
        using var admin = orders.As(orders.Admin);
        var order = await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("ADMIN-VIEW", "Seen by admin", 1, 3m)));
        var id = order.GetProperty("id").GetString();

        using var read = await admin.GetAsync($"/api/v1/orders/{id}", ct: Ct);
        using var list = await admin.GetAsync($"/api/v1/orders?user_id={orders.Alice.Id}&limit=100", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains((await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").EnumerateArray(), o => o.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task An_admin_lists_every_customer_s_orders_in_one_status_and_a_customer_may_not()
    {
        using var alice = orders.As(orders.Alice);
        using var bob = orders.As(orders.Bob);
        using var admin = orders.As(orders.Admin);
        var alices = (await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("QUEUE-A", "Queued", 1, 2m)))).GetProperty("id").GetString();
        var bobs = (await OrdersFixture.PlaceAsync(bob, await orders.OrderOfAsync(("QUEUE-B", "Queued", 1, 2m)))).GetProperty("id").GetString();
        (await bob.PostAsync($"/api/v1/orders/{bobs}/cancel", new { }, ct: Ct)).Dispose();

        using var pending = await admin.GetAsync("/api/v1/orders?all_customers=true&status=pending&limit=100", ct: Ct);
        using var cancelled = await admin.GetAsync("/api/v1/orders?all_customers=true&status=cancelled&limit=100", ct: Ct);
        using var noStatus = await admin.GetAsync("/api/v1/orders?all_customers=true", ct: Ct);
        using var byCustomer = await alice.GetAsync("/api/v1/orders?all_customers=true&status=pending", ct: Ct);

        var pendingIds = (await ApiClient.ReadJsonAsync(pending, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        var cancelledIds = (await ApiClient.ReadJsonAsync(cancelled, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Contains(alices, pendingIds);
        Assert.DoesNotContain(bobs, pendingIds);
        Assert.Contains(bobs, cancelledIds);
        await ProblemAssert.IsProblemAsync(noStatus, HttpStatusCode.BadRequest, Ct);
        await ProblemAssert.IsProblemAsync(byCustomer, HttpStatusCode.Forbidden, Ct);
    }

    [Fact]
    public async Task My_orders_come_newest_first_page_by_page_and_filter_by_status()
    {
        var carol = await orders.RegisterCustomerAsync("Carol");
        using var api = orders.As(carol);
        var placed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            placed.Add((await OrdersFixture.PlaceAsync(api, await orders.OrderOfAsync(($"N-{i}", $"Item {i}", 1, 1m + i)))).GetProperty("id").GetString()!);
        }

        (await api.PostAsync($"/api/v1/orders/{placed[2]}/cancel", new { }, ct: Ct)).Dispose();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var page = await api.GetAsync("/api/v1/orders?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"), ct: Ct);
            var body = await ApiClient.ReadJsonAsync(page, Ct);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            cursor = body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        using var cancelled = await api.GetAsync("/api/v1/orders?status=cancelled", ct: Ct);

        Assert.Equal(Enumerable.Reverse(placed), seen);
        Assert.Equal([placed[2]], (await ApiClient.ReadJsonAsync(cancelled, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_state_machine_allows_confirm_ship_and_cancel_only_from_the_right_states()
    {
        using var alice = orders.As(orders.Alice);
        using var admin = orders.As(orders.Admin);
        var toShip = (await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("SHIP-1", "Shipped", 1, 10m)))).GetProperty("id").GetString();
        var toCancel = (await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("CANCEL-1", "Cancelled", 1, 10m)))).GetProperty("id").GetString();

        using var customerConfirms = await alice.PostAsync($"/api/v1/orders/{toShip}/confirm", new { }, ct: Ct);
        using var shipBeforeConfirm = await admin.PostAsync($"/api/v1/orders/{toShip}/ship", new { }, ct: Ct);
        using var confirmed = await admin.PostAsync($"/api/v1/orders/{toShip}/confirm", new { }, ct: Ct);
        using var shipped = await admin.PostAsync($"/api/v1/orders/{toShip}/ship", new { }, ct: Ct);
        using var cancelShipped = await alice.PostAsync($"/api/v1/orders/{toShip}/cancel", new { }, ct: Ct);
        using var cancelled = await alice.PostAsync($"/api/v1/orders/{toCancel}/cancel", new { }, ct: Ct);
        using var cancelAgain = await alice.PostAsync($"/api/v1/orders/{toCancel}/cancel", new { }, ct: Ct);
        using var confirmCancelled = await admin.PostAsync($"/api/v1/orders/{toCancel}/confirm", new { }, ct: Ct);

        await ProblemAssert.IsProblemAsync(customerConfirms, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(shipBeforeConfirm, HttpStatusCode.Conflict, Ct);
        Assert.Equal("confirmed", (await ApiClient.ReadJsonAsync(confirmed, Ct)).GetProperty("status").GetString());
        Assert.Equal("shipped", (await ApiClient.ReadJsonAsync(shipped, Ct)).GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(cancelShipped, HttpStatusCode.Conflict, Ct);
        Assert.Equal("cancelled", (await ApiClient.ReadJsonAsync(cancelled, Ct)).GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(cancelAgain, HttpStatusCode.Conflict, Ct);
        await ProblemAssert.IsProblemAsync(confirmCancelled, HttpStatusCode.Conflict, Ct);
    }

    [Fact]
    public async Task Reads_support_if_none_match_and_writes_a_stale_if_match_is_412()
    {
        using var alice = orders.As(orders.Alice);
        var order = await OrdersFixture.PlaceAsync(alice, await orders.OrderOfAsync(("ETAG-1", "Tagged", 1, 2m)));
        var path = $"/api/v1/orders/{order.GetProperty("id").GetString()}";
        using var read = await alice.GetAsync(path, ct: Ct);
        var etag = read.Headers.ETag!.ToString();

        using var notModified = await alice.GetAsync(path, ("If-None-Match", etag), Ct);
        using var admin = orders.As(orders.Admin);
        (await admin.PostAsync($"{path}/confirm", new { }, ct: Ct)).Dispose(); // someone else changes it
        using var stale = await alice.SendAsync(HttpMethod.Post, $"{path}/cancel", "{}", headers: [("If-Match", etag)], ct: Ct);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed, Ct);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404_and_bad_list_parameters_400()
    {
        using var alice = orders.As(orders.Alice);

        using var unknown = await alice.GetAsync($"/api/v1/orders/{Guid.NewGuid()}", ct: Ct);
        using var malformed = await alice.GetAsync("/api/v1/orders/1%27%20OR%201=1", ct: Ct);
        using var badStatus = await alice.GetAsync("/api/v1/orders?status=lost", ct: Ct);
        using var badLimit = await alice.GetAsync("/api/v1/orders?limit=1000", ct: Ct);

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(badStatus, HttpStatusCode.BadRequest, Ct);
        await ProblemAssert.IsProblemAsync(badLimit, HttpStatusCode.BadRequest, Ct);
    }
}
