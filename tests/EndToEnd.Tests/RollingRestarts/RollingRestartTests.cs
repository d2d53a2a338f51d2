using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Backend.Testing;
using EndToEnd.Tests.Journeys;

namespace EndToEnd.Tests.RollingRestarts;

/// <summary>
/// A rolling update, proven: with two instances of every service behind the gateway, each service's instances restart
/// one at a time while clients keep reading and ordering, and no client notices: no failed request, every accepted
/// order's email sent exactly once. The gateway itself is the edge and is not restarted here (docs/architecture.md,
/// "Rolling restarts").
/// </summary>
public sealed partial class RollingRestartTests(ScaledOutSystem system) : IClassFixture<ScaledOutSystem>
{
    /// <summary>Every service behind the gateway, and the worker (which serves no request but owes the emails).</summary>
    private static readonly string[] Restarted = ["identity", "users", "orders", "notifications"];

    private static readonly string[] Kinds = ["GET /products", "GET /users/me", "GET /.well-known", "POST /orders"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 420_000)]
    public async Task Restarting_every_service_one_instance_at_a_time_fails_no_request_and_loses_or_repeats_no_email()
    {
        var gateway = system.App.Endpoint("gateway", "http");
        using var mailbox = Mailbox.Of(system.App);
        var customers = new List<SignedInUser>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add(await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, $"Rolling customer {i}", ct: Ct));
        }

        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var sku = await Shop.AddProductAsync(shopkeeper, "ROLL", "Rolling pin", 12.5m, stock: 1_000_000, Ct);

        var clock = Stopwatch.StartNew();
        var traffic = new SteadyTraffic(gateway, customers, sku, clock);
        using var stop = new CancellationTokenSource();
        var running = traffic.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => Kinds.All(k => traffic.Samples.Count(s => s.Kind == k && !s.Failed) >= 5), TimeSpan.FromSeconds(60),
            "every kind of request succeeds before the restarts", ct: Ct);

        var restarts = new List<ReplicaRestart>();
        var rolling = new RollingRestart(system.App, clock);
        try
        {
            foreach (var service in Restarted)
            {
                restarts.AddRange(await rolling.RestartAsync(service, ScaledOutSystem.Replicas, Ct));
            }

            var end = clock.Elapsed;
            await Eventually.TrueAsync(() => Kinds.All(k => traffic.Samples.Count(s => s.Kind == k && s.SentAt > end) >= 5), TimeSpan.FromSeconds(60),
                "every kind of request was sent again after the last restart", ct: Ct);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var samples = traffic.Samples.OrderBy(s => s.SentAt).ToList();
        var orders = traffic.Orders.ToList();
        var emails = await EmailsAsync(mailbox, orders);
        var lost = orders.Count(o => !emails.ContainsKey(o.Number));
        var duplicates = emails.Values.Sum(n => n - 1);

        var resent = system.App.LogLines("gateway").Count(line => line.Contains("sending it again", StringComparison.Ordinal));
        var table = Table(restarts, samples, orders.Count, emails.Values.Sum(), lost, duplicates, clock.Elapsed)
            + $"requests the gateway sent again after an instance left them unanswered: {resent}{Environment.NewLine}";
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Console.WriteLine(table);

        var failed = samples.Where(s => s.Failed).ToList();
        Assert.True(failed.Count == 0 && lost == 0 && duplicates == 0,
            $"{failed.Count} failed request(s), {lost} lost and {duplicates} duplicate email(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, failed.Take(20).Select(s => Describe(s, restarts))) + Environment.NewLine + table
            + (failed.Count > 0 ? system.App.RecentLogs("gateway") : ""));
    }

    /// <summary>
    /// Waits until every order's confirmation has arrived and the worker's queue is empty (no copy can still come),
    /// then counts the confirmations per order number.
    /// </summary>
    private async Task<Dictionary<long, int>> EmailsAsync(Mailbox mailbox, IReadOnlyCollection<PlacedOrder> orders)
    {
        var recipients = orders.Select(o => o.CustomerEmail).Distinct().ToList();
        await Eventually.WithinAsync(async () =>
        {
            var numbers = await NumbersAsync(mailbox, recipients);
            return orders.All(o => numbers.ContainsKey(o.Number));
        }, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500), Ct);
        using var broker = await RabbitMqBroker.OfAsync(system.App);
        await Eventually.WithinAsync(async () => await broker.QueueAsync("order-confirmation-email", cancellationToken: Ct) is { Ready: 0, Unacknowledged: 0 },
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), Ct);
        return await NumbersAsync(mailbox, recipients);
    }

    private static async Task<Dictionary<long, int>> NumbersAsync(Mailbox mailbox, IEnumerable<string> recipients)
    {
        var counts = new Dictionary<long, int>();
        foreach (var recipient in recipients)
        {
            foreach (var (subject, _) in await mailbox.DeliveriesToAsync(recipient, Ct))
            {
                if (SubjectNumber().Match(subject) is { Success: true } match)
                {
                    var number = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                    counts[number] = counts.GetValueOrDefault(number) + 1;
                }
            }
        }

        return counts;
    }

    private static string Table(IReadOnlyList<ReplicaRestart> restarts, List<TrafficSample> samples, int orders, int emails, int lost,
        int duplicates, TimeSpan took)
    {
        var table = new StringBuilder()
            .AppendLine()
            .AppendLine("| instance restarted | connections it held | stopped after (exit code) | ready again after | requests during it | failed | p99 / max latency |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var restart in restarts)
        {
            var during = samples.Where(restart.Overlaps).ToList();
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {restart.Instance} | {restart.ConnectionsAtStop?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {Seconds(restart.StoppedAfter)} ({restart.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}) | {restart.Took.TotalSeconds:0.0} s | {during.Count} | {during.Count(s => s.Failed)} | {Latency(during)} |");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"| all ({took.TotalSeconds:0} s) | | | | {samples.Count} | {samples.Count(s => s.Failed)} | {Latency(samples)} |")
            .AppendLine()
            .AppendLine("| request | sent | failed | p99 / max latency |")
            .AppendLine("|---|---:|---:|---:|");
        foreach (var kind in samples.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Key} | {kind.Count()} | {kind.Count(s => s.Failed)} | {Latency([.. kind])} |");
        }

        return table.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"orders placed {orders}; confirmation emails expected {orders}, received {emails}, lost {lost}, duplicates {duplicates}")
            .ToString();
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? s.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture) : "?";

    private static string Latency(List<TrafficSample> samples)
    {
        if (samples.Count == 0)
        {
            return "-";
        }

        var sorted = samples.Select(s => s.Latency.TotalMilliseconds).Order().ToList();
        var p99 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{p99:0} / {sorted[^1]:0} ms");
    }

    private static string Describe(TrafficSample sample, IReadOnlyList<ReplicaRestart> restarts)
    {
        var during = restarts.FirstOrDefault(r => r.Overlaps(sample))?.Instance ?? "no restart";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {sample.SentAt.TotalSeconds:0.000} s +{sample.Latency.TotalMilliseconds:0} ms {sample.Kind} → {sample.Outcome} (during {during}): {sample.Detail}");
    }

    [GeneratedRegex(@"^We received your order #(\d+)$")]
    private static partial Regex SubjectNumber();
}
