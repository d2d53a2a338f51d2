using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Backend.Testing;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// A steady stream of orders through the gateway while, in turn, each piece of the system fails: the broker,
/// the worker, the mail server, the orders service, the database. Afterwards every order the client was told
/// exists does exist and got exactly one email, no client saw a 500 or internals, and the system came back by
/// itself within 30 s of the fault ending (the failed part being back up).
/// </summary>
[Collection(nameof(FaultInjection))]
public sealed partial class FaultTests(FaultySystem system) : IClassFixture<FaultySystem>
{
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(30);

    private static readonly Fault[] Faults =
    [
        new("RabbitMQ killed, restarted after 5 s", "messaging", Blow.Kill, TimeSpan.FromSeconds(5)),
        new("Notifications.Worker killed, restarted after 5 s", "notifications", Blow.Kill, TimeSpan.FromSeconds(5), DuplicatesTolerated: 8),
        new("SMTP catcher stopped for 30 s", "mail", Blow.Stop, TimeSpan.FromSeconds(30)),
        new("Orders.Service killed, restarted after 5 s", "orders", Blow.Kill, TimeSpan.FromSeconds(5)),
        new("PostgreSQL killed, down for 10 s", "postgres", Blow.Kill, TimeSpan.FromSeconds(10)),
    ];

    private static readonly string[] Everything = ["postgres", "cache", "messaging", "mail", "identity", "users", "orders", "notifications", "gateway"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 1_200_000)]
    public async Task Under_each_fault_every_accepted_order_exists_gets_one_email_and_the_system_recovers_by_itself()
    {
        var gateway = system.App.Endpoint("gateway", "http");
        // Every customer signs in before any fault: a fault must not be blamed on the test's own set-up.
        var buyers = new List<SignedInUser>();
        using (var mailbox = Mailbox.Of(system.App))
        {
            foreach (var fault in Faults)
            {
                buyers.Add(await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, $"Buyer under {fault.Resource} fault", ct: Ct));
            }
        }

        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var kettle = await Shop.AddProductAsync(shopkeeper, "KETTLE", "Fault-tolerant kettle", 19.99m, stock: 1_000_000, Ct);
        var outcomes = new List<FaultOutcome>();
        for (var i = 0; i < Faults.Length; i++)
        {
            outcomes.Add(await RunAsync(Faults[i], buyers[i], kettle));
        }

        var table = Table(outcomes);
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Console.WriteLine(table);

        var failures = outcomes.SelectMany(Failures).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures) + Environment.NewLine + table);
    }

    private async Task<FaultOutcome> RunAsync(Fault fault, SignedInUser buyer, string kettle)
    {
        var app = system.App;
        var clock = Stopwatch.StartNew();
        var origin = DateTimeOffset.UtcNow;
        using var api = new ApiClient(app.Endpoint("gateway", "http"), buyer.AccessToken);
        var customer = new SteadyCustomer(api, clock, kettle);
        using var stop = new CancellationTokenSource();
        var running = customer.RunAsync(clients: 2, pause: TimeSpan.FromMilliseconds(150), stop.Token);

        await Eventually.TrueAsync(() => customer.Accepted.Count >= 10, TimeSpan.FromSeconds(60), "orders flow normally before the fault", ct: Ct);
        var faultStart = clock.Elapsed;
        if (fault.Blow == Blow.Kill)
        {
            await app.KillResourceAsync(fault.Resource, Ct);
        }
        else
        {
            await app.StopResourceAsync(fault.Resource, Ct);
        }

        await Task.Delay(fault.Down - (clock.Elapsed - faultStart) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero, Ct); // the fault's length, by definition
        var restartedAt = clock.Elapsed;
        await app.StartResourceAsync(fault.Resource, Ct);
        // The fault ends when the failed part is back (started and healthy); recovery is everything else catching up.
        var faultEnd = clock.Elapsed;

        // Keep ordering until the API has accepted orders again for a while (or clearly will not): ten orders sent after the fault.
        var deadline = faultEnd + TimeSpan.FromSeconds(60);
        await Eventually.WithinAsync(() => customer.Accepted.Count(o => o.FirstSentAt > faultEnd) >= 10, deadline - clock.Elapsed,
            TimeSpan.FromMilliseconds(250), Ct);
        await stop.CancelAsync();
        await running;

        var accepted = customer.Accepted.ToList();
        var emailsByNumber = await WaitForEmailsAsync(buyer.Email, accepted, origin, faultEnd + TimeSpan.FromSeconds(90), clock);
        var listed = await ListOrderIdsAsync(api);
        var unhealthy = await UnhealthyAsync(faultEnd + RecoveryBudget, clock);

        var recorded = await RecordedAsSentAsync(accepted.Select(o => o.Number).ToArray());
        var lost = accepted.Count(o => !listed.Contains(o.Id) || (!emailsByNumber.ContainsKey(o.Number) && !recorded.Contains(o.Number)));
        var droppedByCatcher = accepted.Count(o => listed.Contains(o.Id) && !emailsByNumber.ContainsKey(o.Number) && recorded.Contains(o.Number));
        var apiBack = accepted.Where(o => o.AcceptedAt >= faultEnd).Select(o => o.AcceptedAt - faultEnd).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var backlog = accepted.Where(o => o.AcceptedAt <= faultEnd && (emailsByNumber.ContainsKey(o.Number) || !recorded.Contains(o.Number))).ToList();
        // How long after the fault the last order accepted before its end got its email (zero if none was late).
        TimeSpan? emailsCaughtUp = backlog.All(o => emailsByNumber.ContainsKey(o.Number))
            ? backlog.Select(o => emailsByNumber[o.Number].Min() - faultEnd).Append(TimeSpan.Zero).Max()
            : null;
        var violations = customer.Violations.ToList();
        if (listed.Count != accepted.Count)
        {
            violations.Add($"{listed.Count} orders exist for {accepted.Count} accepted: retries with the same key made extra orders");
        }

        if (lost > 0 || (droppedByCatcher > 0 && !fault.StopsTheCatcher) || emailsByNumber.Values.Sum(times => times.Count - 1) > fault.DuplicatesTolerated)
        {
            violations.Add(await DiagnoseAsync(accepted.Where(o => !emailsByNumber.ContainsKey(o.Number)).Select(o => o.Number)
                .Concat(emailsByNumber.Where(e => e.Value.Count > 1).Select(e => e.Key)).Take(10).ToArray()));
        }

        return new FaultOutcome(fault, faultEnd - restartedAt, accepted.Count, accepted.Count(o => o.AcceptedAt > faultStart && o.AcceptedAt < faultEnd),
            emailsByNumber.Values.Sum(times => times.Count), emailsByNumber.Values.Sum(times => times.Count - 1), lost, droppedByCatcher, customer.Abandoned,
            apiBack == TimeSpan.MaxValue ? null : apiBack, emailsCaughtUp, customer.Answers, violations, unhealthy);
    }

    /// <summary>
    /// Waits until every accepted order has its email (or the deadline), then until the worker's queue holds nothing
    /// (every delivery, a redelivered one included, handled and acknowledged: no copy can still come); returns each
    /// order number's arrival times on the test's clock.
    /// </summary>
    private async Task<Dictionary<long, List<TimeSpan>>> WaitForEmailsAsync(string recipient, IReadOnlyCollection<AcceptedOrder> accepted,
        DateTimeOffset origin, TimeSpan deadline, Stopwatch clock)
    {
        using var mailbox = Mailbox.Of(system.App);
        await Eventually.WithinAsync(async () =>
        {
            var numbers = (await mailbox.DeliveriesToAsync(recipient, Ct)).Select(d => OrderNumber(d.Subject)).ToHashSet();
            return accepted.All(o => numbers.Contains(o.Number));
        }, deadline - clock.Elapsed, TimeSpan.FromMilliseconds(500), Ct);
        using var broker = await RabbitMqBroker.OfAsync(system.App);
        await Eventually.WithinAsync(async () => await broker.QueueAsync("order-confirmation-email", cancellationToken: Ct) is { Ready: 0, Unacknowledged: 0 },
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), Ct);
        return (await mailbox.DeliveriesToAsync(recipient, Ct))
            .Select(d => (Number: OrderNumber(d.Subject), At: d.ReceivedAt - origin))
            .Where(d => d.Number is not null)
            .GroupBy(d => d.Number!.Value)
            .ToDictionary(g => g.Key, g => g.Select(d => d.At).ToList());
    }

    private static async Task<HashSet<string>> ListOrderIdsAsync(ApiClient api)
    {
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            using var page = await api.GetAsync($"/api/v1/orders?limit=100{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}", ct: Ct);
            var body = await ApiClient.ReadJsonAsync(page, Ct);
            Assert.True(page.IsSuccessStatusCode, body.ToString());
            ids.UnionWith(body.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            cursor = body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return ids;
    }

    /// <summary>The order numbers whose email the SMTP server accepted, by the worker's records.</summary>
    private async Task<HashSet<long>> RecordedAsSentAsync(long[] numbers) => [.. (await SentRecordsAsync(numbers)).Select(r => r.Number)];

    /// <summary>The worker's records of accepted emails (sent_order_confirmations) for these order numbers.</summary>
    private async Task<List<(long Number, DateTime SentAt, string Reply)>> SentRecordsAsync(long[] numbers)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(await system.App.ConnectionStringAsync("notificationsdb", Ct) ?? "");
        await using var query = data.CreateCommand("SELECT order_number, sent_at, coalesce(smtp_reply, '') FROM sent_order_confirmations WHERE kind = 'Placed' AND order_number = ANY($1)");
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = numbers });
        var records = new List<(long, DateTime, string)>();
        await using var reader = await query.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            records.Add((reader.GetInt64(0), reader.GetDateTime(1), reader.GetString(2)));
        }

        return records;
    }

    /// <summary>For orders whose emails went wrong: what the worker recorded of them, and its last log lines.</summary>
    private async Task<string> DiagnoseAsync(long[] numbers)
    {
        var recorded = string.Concat((await SentRecordsAsync(numbers)).Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"  #{r.Number} recorded sent at {r.SentAt:O}: {r.Reply}{Environment.NewLine}")));
        return $"orders #{string.Join(", #", numbers)} have a missing or extra email; the worker recorded:{Environment.NewLine}{recorded}"
            + system.App.RecentLogs("notifications");
    }

    /// <summary>The resources not healthy again by <paramref name="deadline"/> (on the test's clock).</summary>
    private async Task<IReadOnlyCollection<string>> UnhealthyAsync(TimeSpan deadline, Stopwatch clock)
    {
        var remaining = deadline - clock.Elapsed;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(remaining > TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5));
        var unhealthy = new List<string>();
        foreach (var resource in Everything)
        {
            try
            {
                await system.App.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                unhealthy.Add(resource);
            }
        }

        return unhealthy;
    }

    private static IEnumerable<string> Failures(FaultOutcome outcome)
    {
        var name = outcome.Fault.Name;
        if (outcome.Lost > 0)
        {
            yield return $"{name}: {outcome.Lost} accepted order(s) missing or without an email";
        }

        if (outcome.Duplicates > outcome.Fault.DuplicatesTolerated)
        {
            yield return $"{name}: {outcome.Duplicates} duplicate email(s)";
        }

        if (outcome.DroppedByCatcher > 0 && !outcome.Fault.StopsTheCatcher)
        {
            yield return $"{name}: {outcome.DroppedByCatcher} email(s) accepted by the SMTP server never reached the mailbox";
        }

        if (outcome.Abandoned > 0)
        {
            yield return $"{name}: {outcome.Abandoned} order(s) never accepted within two minutes of retries";
        }

        if (outcome.Recovery is not { } recovery || recovery > RecoveryBudget)
        {
            yield return $"{name}: not recovered within {RecoveryBudget.TotalSeconds} s (API {Seconds(outcome.ApiBackAfter)}, emails {Seconds(outcome.EmailsCaughtUpAfter)})";
        }

        if (outcome.Unhealthy.Count > 0)
        {
            yield return $"{name}: still unhealthy {RecoveryBudget.TotalSeconds} s after the fault: {string.Join(", ", outcome.Unhealthy)}";
        }

        foreach (var violation in outcome.Violations.Distinct().Take(10))
        {
            yield return $"{name}: {violation}";
        }
    }

    private static string Table(IReadOnlyList<FaultOutcome> outcomes)
    {
        var table = new StringBuilder()
            .AppendLine()
            .AppendLine("| fault | orders accepted | accepted during fault | emails delivered | duplicates | lost | dropped by the catcher after its 250 | restart took | time to recover (API / emails) | answers |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in outcomes)
        {
            var answers = string.Join(", ", o.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}×{a.Value}"));
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {o.Fault.Name} | {o.Accepted} | {o.AcceptedDuringFault} | {o.Emails} | {o.Duplicates} | {o.Lost} | {o.DroppedByCatcher} | {Seconds(o.RestartTook)} | {Seconds(o.Recovery)} ({Seconds(o.ApiBackAfter)} / {Seconds(o.EmailsCaughtUpAfter)}) | {answers} |");
        }

        return table.ToString();
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? s.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture) : "never";

    private static long? OrderNumber(string subject) =>
        SubjectNumber().Match(subject) is { Success: true } match ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^We received your order #(\d+)$")]
    private static partial Regex SubjectNumber();
}
