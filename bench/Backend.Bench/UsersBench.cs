using Backend.Testing;
using Npgsql;

namespace Backend.Bench;

/// <summary>Cached vs uncached user reads (a trivial endpoint as the ceiling), and what the gateway hop costs.</summary>
public static class UsersBench
{
    private const int Connections = 32;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private const string UserCacheLifetime = "10 s";

    /// <summary>Users seeded: the hot set, then a fresh slice of never-read ids for each uncached run and its warm-up.</summary>
    private const int SeededUsers = 200_000;

    private const int HotIds = 1000;

    /// <summary>Ids an uncached run's warm-up reads (misses on ids its measured run never reads).</summary>
    private const int UncachedWarmUpIds = 5000;

    private static readonly TimeSpan UncachedDuration = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PacedDuration = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BackendApp app, BenchReport report)
    {
        var users = app.Endpoint("users", "http");
        var gateway = app.Endpoint("gateway", "http");
        var admin = await TestAccounts.SignInAdminAsync(app.Endpoint("identity", "http"));
        var auth = new Dictionary<string, string> { ["Authorization"] = $"Bearer {admin.AccessToken}" };

        Console.WriteLine($"Seeding {SeededUsers:N0} users...");
        var ids = new Queue<string>(await SeedAsync(await app.ConnectionStringAsync("usersdb") ?? throw new InvalidOperationException("No usersdb."), SeededUsers));
        var hot = Take(ids, HotIds);
        var hotFile = await WriteLinesAsync(hot);

        // Fill the cache with the hot set (each read once), through the service itself.
        using (var api = new ApiClient(users, admin.AccessToken))
        {
            foreach (var id in hot)
            {
                (await api.GetAsync($"/api/v1/users/{id}")).Dispose();
            }
        }

        // Every scenario runs once unrecorded first: the measured run sees code the JIT has optimised (tiered
        // compilation), warm connection pools and a thread pool sized for the load, as a service in production does.
        const string section = "Users.Service: cached vs uncached reads";
        Console.WriteLine("Users: trivial, cached, uncached...");
        var trivial = await Wrk.MeasureAsync("Trivial JSON endpoint (GET /health/live, no auth): the ceiling", new Uri(users, "/health/live"), Connections, Duration);
        report.TrivialRequestsPerSecond = trivial.RequestsPerSecond;
        var cached = await Wrk.MeasureAsync("GET /api/v1/users/{id}, cached (1,000 hot ids, all hits)", new Uri(users, "/api/v1/users/"), Connections, Duration,
            RandomIdScript(hotFile), auth);
        // The uncached runs split what is left of the ids: the direct run first, then the gateway's, then its paced run.
        var uncachedIds = ids.Count * 2 / 5;
        var uncached = await MeasureUncachedAsync(app, report, section, "GET /api/v1/users/{id}, uncached (each id read once: all misses)", new Uri(users, "/api/v1/users/"),
            Take(ids, UncachedWarmUpIds), Take(ids, uncachedIds), auth);
        report.Loads.Add((section,
            $"{Connections} connections, wrk from Debian, straight to Users.Service, admin token, {SeededUsers:N0} users in usersdb. Every request of the authenticated rows "
            + "checks a JWT (RS256; a token already validated is remembered until it expires). Cached reads are served from each instance's memory "
            + $"({UserCacheLifetime}), behind it from Redis. The uncached run is warmed up by the same script on {UncachedWarmUpIds:N0} other ids, then measured on ids never read.",
            [trivial, cached, uncached]));
        report.Figures.Add(("Cached GET /api/v1/users/{id}: p99 (saturated, direct)", $"{cached.P99Ms:F2} ms", "(reference: the target is at half rate, below)"));
        report.Figures.Add(("Cached GET: throughput vs the trivial endpoint", $"{cached.RequestsPerSecond / trivial.RequestsPerSecond:F2}x ({cached.RequestsPerSecond:F0} vs {trivial.RequestsPerSecond:F0} req/s)", "≥ 0.8x"));
        report.Figures.Add(("Uncached GET /api/v1/users/{id} vs the trivial endpoint (direct)",
            $"{uncached.RequestsPerSecond / trivial.RequestsPerSecond:F2}x ({uncached.RequestsPerSecond:F0} vs {trivial.RequestsPerSecond:F0} req/s), p99 {uncached.P99Ms:F2} ms",
            "≥ 0.25x, p99 ≤ 25 ms"));
        report.Figures.Add(("Cached vs uncached throughput", $"{cached.RequestsPerSecond / uncached.RequestsPerSecond:F2}x", "(no target)"));

        // The hop's cost is fixed per request, so its ratio depends on what the request costs behind it: the
        // cheapest request there is (a cached read) shows the worst case, a page read from PostgreSQL a typical one.
        // A bare YARP (one route, nothing else) in the same run shows what the hop itself costs on this machine.
        Console.WriteLine("Gateway: direct vs through the gateway vs through a bare YARP...");
        LoadResult direct, proxied, bareProxied;
        await using (var bare = await BareProxy.StartAsync(app.Endpoint("users", "h2c")))
        {
            // With each process's CPU per request: the gateway's row is what the edge costs a request.
            direct = await MeasuredLoad.WithCpuAsync(app, report, GatewaySection, "GET /api/v1/users/{id} (cached), direct to Users.Service", new Uri(users, "/api/v1/users/"),
                Connections, Duration, RandomIdScript(hotFile), auth);
            proxied = await MeasuredLoad.WithCpuAsync(app, report, GatewaySection, "The same, through the gateway (token check, rate limiter, timeouts, telemetry, proxy over h2c)",
                new Uri(gateway, "/api/v1/users/"), Connections, Duration, RandomIdScript(hotFile), auth);
            bareProxied = await Wrk.MeasureAsync("The same, through a bare YARP (one route, nothing else, h2c): the hop alone", new Uri(bare.Address, "/api/v1/users/"),
                Connections, Duration, RandomIdScript(hotFile), auth);
        }

        var page = new Uri("/api/v1/users?limit=20&name_prefix=bench%20user%201", UriKind.Relative);
        var directPage = await Wrk.MeasureAsync("GET /api/v1/users?limit=20&name_prefix=… (PostgreSQL), direct to Users.Service", new Uri(users, page), Connections, Duration,
            headers: auth);
        var proxiedPage = await Wrk.MeasureAsync("The same, through the gateway", new Uri(gateway, page), Connections, Duration, headers: auth);
        var proxiedUncached = await MeasureUncachedAsync(app, report, null, "GET /api/v1/users/{id}, uncached (each id read once), through the gateway", new Uri(gateway, "/api/v1/users/"),
            Take(ids, UncachedWarmUpIds), Take(ids, uncachedIds), auth);
        report.Loads.Add((GatewaySection,
            $"{Connections} connections, wrk, admin token; the gateway and the service share the machine's {Environment.ProcessorCount} cores with the load generator. "
            + "The gateway reaches the service over cleartext HTTP/2 (one multiplexed connection).",
            [direct, proxied, bareProxied, directPage, proxiedPage, proxiedUncached]));
        report.Figures.Add(("Page read from PostgreSQL (GET /api/v1/users?limit=20&name_prefix=…) vs the trivial endpoint (direct)",
            $"{directPage.RequestsPerSecond / trivial.RequestsPerSecond:F2}x ({directPage.RequestsPerSecond:F0} vs {trivial.RequestsPerSecond:F0} req/s)", "≥ 0.15x"));
        report.Figures.Add(("Gateway: throughput vs direct, cached read (the cheapest request: worst case)", $"{proxied.RequestsPerSecond / direct.RequestsPerSecond:F2}x", "≥ 0.6x"));
        report.Figures.Add(("Bare YARP (reference, no protections): throughput vs direct, cached read", $"{bareProxied.RequestsPerSecond / direct.RequestsPerSecond:F2}x", "(reference)"));
        report.Figures.Add(("Gateway vs bare YARP, cached read", $"{proxied.RequestsPerSecond / bareProxied.RequestsPerSecond:F2}x", "≥ 0.90x"));
        report.Figures.Add(("Gateway: added p50, cached read (p99 direct / through the gateway)", $"{proxied.P50Ms - direct.P50Ms:F2} ms ({direct.P99Ms:F2} / {proxied.P99Ms:F2} ms)", "p50 ≤ 0.5 ms"));
        report.Figures.Add(("Gateway: throughput vs direct, page read from PostgreSQL", $"{proxiedPage.RequestsPerSecond / directPage.RequestsPerSecond:F2}x", "≥ 0.6x"));
        report.Figures.Add(("Gateway: added p50, page read from PostgreSQL (p99 direct / through the gateway)",
            $"{proxiedPage.P50Ms - directPage.P50Ms:F2} ms ({directPage.P99Ms:F2} / {proxiedPage.P99Ms:F2} ms)", "p50 ≤ 0.5 ms"));

        // Latency where a service lives most of the time: busy, not saturated. Half of each read's maximum rate
        // through the gateway (measured just above), open loop, the uncached one on ids no run has read.
        Console.WriteLine("Gateway: cached and uncached reads at half their maximum rate, paced...");
        var cachedRate = proxied.RequestsPerSecond / 2;
        var cachedPaced = await PacedLoad.GetAsync($"GET /api/v1/users/{{id}}, cached, through the gateway, {cachedRate:F0}/s paced (open loop)",
            _ => new Uri(gateway, $"/api/v1/users/{hot[Random.Shared.Next(hot.Count)]}"), admin.AccessToken, cachedRate, PacedDuration);
        var uncachedRate = proxiedUncached.RequestsPerSecond / 2;
        var fresh = Take(ids, ids.Count);
        if (uncachedRate * PacedDuration.TotalSeconds > fresh.Count)
        {
            Console.WriteLine($"  warning: {fresh.Count} fresh ids for {uncachedRate * PacedDuration.TotalSeconds:F0} paced reads: the last ones read ids again (cache hits)");
        }

        var uncachedPaced = await PacedLoad.GetAsync($"GET /api/v1/users/{{id}}, uncached (each id read once), through the gateway, {uncachedRate:F0}/s paced (open loop)",
            i => new Uri(gateway, $"/api/v1/users/{fresh[i % fresh.Count]}"), admin.AccessToken, uncachedRate, PacedDuration);
        report.Loads.Add(("Reads through the gateway at half their maximum rate",
            "Open loop (requests start on schedule whether or not earlier ones have answered; latency from each one's scheduled time), from this process "
            + $"(.NET HttpClient, at most {PacedLoad.Connections} connections), admin token, {PacedDuration.TotalSeconds:F0} s each, at half the rate the saturating run of the same read through the gateway reached above.",
            [cachedPaced, uncachedPaced]));
        report.Figures.Add(("Cached read p99 at half its maximum rate, through the gateway", $"{cachedPaced.P99Ms:F2} ms (p50 {cachedPaced.P50Ms:F2} ms, {cachedRate:F0}/s)", "≤ 5 ms"));
        report.Figures.Add(("Uncached read p99 at half rate, through the gateway", $"{uncachedPaced.P99Ms:F2} ms (p50 {uncachedPaced.P50Ms:F2} ms, {uncachedRate:F0}/s)", "reported"));

        File.Delete(hotFile);
    }

    private const string GatewaySection = "Gateway hop: the same request direct and through the gateway";

    /// <summary>
    /// An uncached read: an unrecorded warm-up on <paramref name="warmUpIds"/> (the same script: the miss path's code, pools
    /// and threads warmed), then the measured run on <paramref name="measuredIds"/>, never read before; with
    /// <paramref name="cpuSection"/>, what the measured run cost each process per request.
    /// </summary>
    private static async Task<LoadResult> MeasureUncachedAsync(BackendApp app, BenchReport report, string? cpuSection, string name, Uri url,
        List<string> warmUpIds, List<string> measuredIds, IReadOnlyDictionary<string, string> auth)
    {
        var warmUpFile = await WriteLinesAsync(warmUpIds);
        var measuredFile = await WriteLinesAsync(measuredIds);
        try
        {
            await Wrk.RunAsync("warm-up", url, Connections, Wrk.WarmUp, SequentialIdScript(warmUpFile), auth);
            var before = CpuSampler.Take(app);
            var result = await Wrk.RunAsync(name, url, Connections, UncachedDuration, SequentialIdScript(measuredFile), auth);
            if (cpuSection is not null)
            {
                report.Cpu.Add(new CpuTable(cpuSection, name, "request", result.Requests, CpuSampler.Take(app).Since(before)));
            }

            if (result.Requests >= measuredIds.Count - Connections)
            {
                Console.WriteLine($"  warning: {name}: the run read all of its {measuredIds.Count} ids and stopped early; its rate is understated (seed more users)");
            }

            return result;
        }
        finally
        {
            File.Delete(warmUpFile);
            File.Delete(measuredFile);
        }
    }

    private static List<string> Take(Queue<string> ids, int count) => [.. Enumerable.Range(0, Math.Min(count, ids.Count)).Select(_ => ids.Dequeue())];

    private static async Task<List<string>> SeedAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO users (id, email, name, created_at, updated_at)
            SELECT gen_random_uuid(), 'bench-' || g || '-' || substr(md5(random()::text), 1, 8) || '@example.com', 'Bench User ' || g, now(), now()
            FROM generate_series(1, $1) g
            RETURNING id
            """, connection) { Parameters = { new() { Value = count } } };
        var ids = new List<string>(count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0).ToString());
            }
        }

        await using var analyze = new NpgsqlCommand("ANALYZE users", connection);
        await analyze.ExecuteNonQueryAsync();
        return ids;
    }

    private static async Task<string> WriteLinesAsync(IEnumerable<string> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    /// <summary>Each request reads a random id of the file.</summary>
    private static string RandomIdScript(string idsFile) => $$"""
        local ids = {}
        for line in io.lines("{{idsFile}}") do ids[#ids + 1] = line end
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        request = function()
          return wrk.format("GET", "/api/v1/users/" .. ids[math.random(#ids)])
        end
        """;

    /// <summary>
    /// Each thread walks its own half of the file: no id is read twice, so every read misses the cache. A thread
    /// that reaches the end of its half stops (a warm-up on few ids ends early; a measured run that does is reported).
    /// </summary>
    private static string SequentialIdScript(string idsFile) => $$"""
        local ids = {}
        for line in io.lines("{{idsFile}}") do ids[#ids + 1] = line end
        local count = 0
        setup = function(thread)
          thread:set("slot", count)
          count = count + 1
        end
        local next_index, last_index
        init = function(args)
          next_index = slot * math.floor(#ids / 2)
          last_index = next_index + math.floor(#ids / 2)
        end
        request = function()
          if next_index >= last_index then
            wrk.thread:stop()
            return wrk.format("GET", "/api/v1/users/" .. ids[last_index])
          end
          next_index = next_index + 1
          return wrk.format("GET", "/api/v1/users/" .. ids[next_index])
        end
        """;
}
