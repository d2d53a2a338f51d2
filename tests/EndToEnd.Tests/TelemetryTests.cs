using System.Net;
using Backend.Testing;

namespace EndToEnd.Tests;

/// <summary>What the shared system exports (see <see cref="PlatformFixture.Telemetry"/>): a clean first start, no trace
/// of its own housekeeping, one connected trace per order from the gateway to the SMTP send.</summary>
public sealed class TelemetryTests(PlatformFixture platform)
{
    private static readonly string[] Services = ["gateway", "identity", "users", "orders", "notifications"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task A_fresh_start_logs_no_warning_and_no_error()
    {
        // Exports leave every second or so: a few seconds after the start, all it logged has arrived.
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > platform.StartedAt.AddSeconds(5)
            && Services.All(service => platform.Telemetry.Logs.Any(log => log.Service == service)), TimeSpan.FromSeconds(30),
            "every service's start-up logs have arrived", ct: Ct);

        var duringStart = platform.Telemetry.Logs.Where(log => log.Time <= platform.StartedAt && log.IsWarningOrWorse).ToList();

        Assert.True(duringStart.Count == 0, string.Join(Environment.NewLine, duringStart));
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_probes_and_the_outbox_relays_polls_leave_no_trace()
    {
        // Long enough for the gateway's active health checks, the AppHost's and each relay loop's polls to have run a few times.
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > platform.StartedAt.AddSeconds(10), TimeSpan.FromSeconds(30),
            "the probes and polls have run a few times", ct: Ct);
        var spans = platform.Telemetry.Spans.ToList();

        Assert.NotEmpty(spans);
        var probes = spans.Where(s => s.Attributes.Any(a => a.Key is "url.full" or "url.path" or "http.route" && IsHealthPath(a.Value))).ToList();
        Assert.True(probes.Count == 0, string.Join(Environment.NewLine, probes.Take(5)));
        var claims = spans.Where(s => s.Attributes.Any(a => a.Key is "db.query.text" or "db.statement"
            && a.Value.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal))).ToList();
        Assert.True(claims.Count == 0, string.Join(Environment.NewLine, claims.Take(5)));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_order_is_one_trace_from_the_gateway_through_the_outbox_and_the_broker_to_the_smtp_send()
    {
        var gateway = platform.App.Endpoint("gateway", "http");
        SignedInUser customer;
        using (var mailbox = Mailbox.Of(platform.App))
        {
            customer = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Traced Customer", ct: Ct);
        }

        using var api = new ApiClient(gateway, customer.AccessToken);
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var lantern = await Shop.AddProductAsync(shopkeeper, "TRACE", "Lantern", 12.50m, ct: Ct);

        using var placed = await api.PlaceOrderAsync(Shop.Order((lantern, 1)), ct: Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var traceId = placed.Headers.GetValues("X-Trace-Id").Single();
        using (var mailbox = Mailbox.Of(platform.App))
        {
            Assert.Single(await mailbox.WaitForEmailsAsync(customer.Email, 1, TimeSpan.FromSeconds(30), "order", Ct));
        }

        // Each process exports its spans in its own batches, and a span when it ends: a consumer's span after the
        // smtp send inside it. Wait until every hop's span has arrived, not only the first of them.
        const int Server = 2;
        Func<CollectedSpan, bool>[] hops =
        [
            s => s is { Service: "gateway", Scope: "Microsoft.AspNetCore", Kind: Server },
            s => s is { Service: "orders", Scope: "Microsoft.AspNetCore", Kind: Server },
            s => s is { Service: "orders", Scope: "Backend.Outbox", Name: "outbox relay OrderPlaced" },
            s => s is { Service: "orders", Scope: "MassTransit" },
            s => s is { Service: "notifications", Scope: "MassTransit" },
            s => s is { Service: "notifications", Scope: "Backend.Notifications", Name: "smtp send" },
        ];
        await Eventually.TrueAsync(() =>
        {
            var exported = platform.Telemetry.Spans.Where(s => s.TraceId == traceId).ToList();
            return hops.All(exported.Any);
        }, TimeSpan.FromSeconds(30), "every process's spans of the order have been exported", ct: Ct);
        var trace = platform.Telemetry.Spans.Where(s => s.TraceId == traceId).ToList();

        Assert.All(hops, hop => Assert.Contains(trace, s => hop(s)));
        // One tree: only the gateway's span of the client's request has no parent in it.
        var detached = trace.Where(s => s.ParentSpanId is null || trace.All(p => p.SpanId != s.ParentSpanId)).ToList();
        var top = Assert.Single(detached);
        Assert.Equal(("gateway", Server), (top.Service, top.Kind));
        // The relay's batch that published it (a trace of its own, one per batch) links to it.
        await Eventually.TrueAsync(() => platform.Telemetry.Spans.Any(s => s.Name == "outbox relay batch" && s.LinkedTraceIds.Contains(traceId)),
            TimeSpan.FromSeconds(15), "the relay's batch span linking to the order is exported", ct: Ct);
    }

    private static bool IsHealthPath(string value) =>
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri.AbsolutePath : value).StartsWith("/health", StringComparison.OrdinalIgnoreCase);
}
