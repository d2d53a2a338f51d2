using System.Diagnostics;
using EndToEnd.Tests.Hostile;

namespace EndToEnd.Tests;

/// <summary>
/// More than ten thousand malformed and adversarial requests through the gateway, over every public route
/// (users, orders, reports, the OpenID Connect endpoints, discovery, the account pages, docs and health):
/// broken and deeply nested JSON, wrong types, huge numbers and strings, invalid UTF-8, injection strings,
/// path traversal, smuggling attempts, missing, duplicated and oversized headers, forged and expired
/// tokens, other users' ids — and raw bytes HttpClient would never send. The system passes when no answer
/// is a 5xx, none carries a stack trace or internal detail, every error that reached the application is
/// problem+json (or the format its protocol prescribes), nobody sees the victim's data, and nothing the
/// victim owns changed.
/// </summary>
[Collection(nameof(HostileInputRunsAlone))]
public sealed class HostileInputTests(PlatformFixture platform)
{
    private const int Seed = 20_261_125;
    private const int RequestCount = 10_500;
    private const int InFlight = 24;

    /// <summary>
    /// The routes come from the APIs' own OpenAPI documents, not from a list kept by hand: every documented operation
    /// gets hostile requests (a new endpoint cannot be forgotten), and both APIs are there. Cheap: it generates the
    /// barrage without sending it.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task Every_documented_operation_of_every_api_is_in_the_barrage()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = await HostileWorld.SetUpAsync(platform.App, platform.ServiceSecret, ct);

        var probes = new HostileRequests(world, Seed).Generate(RequestCount);

        Assert.Contains(world.Operations, o => o.Name == "GET /api/v1/users/{id}");
        Assert.Contains(world.Operations, o => o.Name == "POST /api/v1/orders");
        Assert.Contains(world.Operations, o => o.Name == "GET /api/v1/reports/top-customers");
        Assert.Equal(["orders", "users"], world.Operations.Select(o => o.Service).Distinct().Order(StringComparer.Ordinal));
        var uncovered = HostileRequests.Uncovered(world.Operations, probes);
        Assert.True(uncovered.Count == 0, $"Documented operations the barrage would never send to: {string.Join(", ", uncovered)}");
    }

    [Fact(Timeout = 900_000)]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_no_internals_only_problems_and_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = await HostileWorld.SetUpAsync(platform.App, platform.ServiceSecret, ct);
        var before = await world.SnapshotVictimAsync(ct);
        var probes = new HostileRequests(world, Seed).Generate(RequestCount);
        var uncovered = HostileRequests.Uncovered(world.Operations, probes);
        Assert.True(uncovered.Count == 0, $"Documented operations the barrage would never send to: {string.Join(", ", uncovered)}");

        var outcomes = new Outcome[probes.Count];
        var clock = Stopwatch.StartNew();
        using var wire = new HostileWire(world.Gateway);
        await Parallel.ForEachAsync(Enumerable.Range(0, probes.Count), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (i, token) => outcomes[i] = await wire.SendAsync(probes[i], token));
        clock.Stop();

        var judged = outcomes.Select(o => (Outcome: o, Verdict: HostileVerdicts.Judge(o, world))).ToList();
        var report = HostileReport.Render(judged, clock.Elapsed, wire.Retried);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);
        if (Environment.GetEnvironmentVariable("HOSTILE_INPUT_REPORT") is { Length: > 0 } file)
        {
            await File.WriteAllLinesAsync(file, [report, .. judged.Select(j => $"{HostileReport.Describe(j.Outcome, headers: true)} {string.Join("; ", j.Verdict.Violations.Select(v => v.Rule))}")], ct);
        }

        var after = await world.SnapshotVictimAsync(ct);
        var created = HostileVerdicts.CreatedOrders(outcomes);
        var attackerOrders = await world.AttackerOrderIdsAsync(ct);

        Assert.True(probes.Count >= 10_000, $"Only {probes.Count} requests.");
        var violations = judged.Sum(j => j.Verdict.Violations.Count);
        Assert.True(violations == 0, $"{violations} responses broke the rules (see the report):{Environment.NewLine}{report}");
        var (was, @is) = (HostileWorld.Describe(before), HostileWorld.Describe(after));
        Assert.True(was == @is, $"The victim's data changed.{Environment.NewLine}Before:{Environment.NewLine}{was}{Environment.NewLine}After:{Environment.NewLine}{@is}");
        Assert.Equal(created.Order(StringComparer.Ordinal), attackerOrders.Order(StringComparer.Ordinal));
    }
}
