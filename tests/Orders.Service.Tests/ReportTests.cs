using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>GET /api/v1/reports/top-customers against the report's definition, computed by hand from the orders.</summary>
public sealed class ReportTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_report_matches_a_brute_force_computation_on_random_orders()
    {
        var random = new Random(20261124);
        var customers = new List<(SignedInUser User, List<(decimal Total, bool Cancelled)> Orders)>();
        for (var c = 0; c < 8; c++)
        {
            var user = await orders.RegisterCustomerAsync($"Report Customer {c}");
            using var api = orders.As(user);
            var placed = new List<(decimal, bool)>();
            for (var o = 0; o < random.Next(1, 5); o++)
            {
                var lines = Enumerable.Range(0, random.Next(1, 4))
                    .Select(i => ($"R{c}-{o}-{i}", "Thing", random.Next(1, 5), Math.Round((decimal)random.NextDouble() * 90 + 1, 2)))
                    .ToArray();
                var order = await OrdersFixture.PlaceAsync(api, await orders.OrderOfAsync(lines));
                var cancelled = random.Next(4) == 0;
                if (cancelled)
                {
                    using var cancel = await api.PostAsync($"/api/v1/orders/{order.GetProperty("id").GetString()}/cancel", new { }, ct: Ct);
                    Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
                }

                placed.Add((lines.Sum(l => l.Item3 * l.Item4), cancelled));
            }

            customers.Add((user, placed));
        }

        const decimal minTotal = 100m;
        // The report's definition, by hand: per customer, count and sum of orders (not cancelled), HAVING total > min, biggest first.
        var expected = customers
            .Select(c => (c.User.Id, Count: c.Orders.Count(o => !o.Cancelled), Total: c.Orders.Where(o => !o.Cancelled).Sum(o => o.Total)))
            .Where(c => c.Total > minTotal)
            .OrderByDescending(c => c.Total)
            .ToList();

        var report = await ReadWholeReportAsync(minTotal);
        var ours = report.Where(r => customers.Any(c => c.User.Id == r.UserId)).ToList();

        Assert.Equal(expected.Select(e => (e.Id, e.Count, e.Total)), ours.Select(r => (r.UserId, r.OrderCount, r.TotalSpent)));
        Assert.Equal(report.OrderByDescending(r => r.TotalSpent).Select(r => r.TotalSpent), report.Select(r => r.TotalSpent));
        Assert.All(ours, r => Assert.StartsWith("Report Customer", r.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_report_follows_a_customer_s_rename_in_users_service()
    {
        var user = await orders.RegisterCustomerAsync("Before Rename");
        using var api = orders.As(user);
        await OrdersFixture.PlaceAsync(api, await orders.OrderOfAsync(("BIG-1", "Big spend", 1, 5000m)));
        using var profile = new ApiClient(orders.App.Endpoint("users", "http"), user.AccessToken);

        using var renamed = await profile.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"After Rename"}""", "application/merge-patch+json", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var name = await Eventually.ValueAsync(async () => (await ReadWholeReportAsync(4999m)).SingleOrDefault(r => r.UserId == user.Id)?.Name,
            reported => reported == "After Rename", TimeSpan.FromSeconds(10), "the report shows the new name", ct: Ct);

        Assert.Equal("After Rename", name);
    }

    [Fact]
    public async Task Only_admins_see_the_report_and_min_total_is_validated()
    {
        using var customer = orders.As(orders.Alice);
        using var admin = orders.As(orders.Admin);

        using var forbidden = await customer.GetAsync("/api/v1/reports/top-customers", ct: Ct);
        using var negative = await admin.GetAsync("/api/v1/reports/top-customers?min_total=-1", ct: Ct);
        using var notNumber = await admin.GetAsync("/api/v1/reports/top-customers?min_total=lots", ct: Ct);

        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(negative, HttpStatusCode.BadRequest, Ct);
        await ProblemAssert.IsProblemAsync(notNumber, HttpStatusCode.BadRequest, Ct);
    }

    private sealed record Row(Guid UserId, string? Name, int OrderCount, decimal TotalSpent);

    private async Task<List<Row>> ReadWholeReportAsync(decimal minTotal)
    {
        using var admin = orders.As(orders.Admin);
        var rows = new List<Row>();
        string? cursor = null;
        do
        {
            using var page = await admin.GetAsync($"/api/v1/reports/top-customers?min_total={minTotal}&limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), ct: Ct);
            var body = await ApiClient.ReadJsonAsync(page, Ct);
            Assert.True(page.StatusCode == HttpStatusCode.OK, body.ToString());
            rows.AddRange(body.GetProperty("data").EnumerateArray().Select(r => new Row(
                r.GetProperty("user_id").GetGuid(),
                r.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                r.GetProperty("order_count").GetInt32(),
                r.GetProperty("total_spent").GetDecimal())));
            cursor = body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return rows;
    }
}
