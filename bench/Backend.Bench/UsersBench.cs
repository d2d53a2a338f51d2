using Backend.Testing;
using Npgsql;

namespace Backend.Bench;

/// <summary>Cached vs uncached user reads (a trivial endpoint as the ceiling), and what the gateway hop costs.</summary>
public static class UsersBench
{
    private const int Connections = 32;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private const string UserCacheLifetime = "10 s";

    public static async Task RunAsync(BackendApp app, BenchReport report)
    {
        var users = app.Endpoint("users", "http");
        var gateway = app.Endpoint("gateway", "http");
        var admin = await TestAccounts.SignInAdminAsync(app.Endpoint("identity", "http"));
        var auth = new Dictionary<string, string> { ["Authorization"] = $"Bearer {admin.AccessToken}" };

        Console.WriteLine("Seeding 100,000 users...");
        var ids = await SeedAsync(await app.ConnectionStringAsync("usersdb") ?? throw new InvalidOperationException("No usersdb."), 100_000);
        var hot = ids.Take(1000).ToList();
        var cold = ids.Skip(1000).ToList();
        var hotFile = await WriteLinesAsync(hot);
        var coldFile = await WriteLinesAsync(cold);

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
        Console.WriteLine("Users: trivial, cached, uncached...");
        var trivial = await Wrk.MeasureAsync("Trivial JSON endpoint (GET /health/live, no auth): the ceiling", new Uri(users, "/health/live"), Connections, Duration);
        var cached = await Wrk.MeasureAsync("GET /api/v1/users/{id}, cached (1,000 hot ids, all hits)", new Uri(users, "/api/v1/users/"), Connections, Duration,
            RandomIdScript(hotFile), auth);
        // No warm-up run here: it would read (and cache) the ids this run needs to miss. The cached run above warmed the same code.
        var uncached = await Wrk.RunAsync("GET /api/v1/users/{id}, uncached (99,000 ids, each read once: all misses)", new Uri(users, "/api/v1/users/"), Connections,
            TimeSpan.FromSeconds(10), SequentialIdScript(coldFile), auth);
        report.Loads.Add(("Users.Service: cached vs uncached reads",
            $"{Connections} connections, wrk from Debian, straight to Users.Service, admin token, 100,000 users in usersdb. Every request of the authenticated rows "
            + "checks a JWT (RS256; a token already validated is remembered until it expires). Cached reads are served from each instance's memory "
            + $"({UserCacheLifetime}), behind it from Redis.",
            [trivial, cached, uncached]));
        report.Figures.Add(("Cached GET /api/v1/users/{id}: p99", $"{cached.P99Ms:F2} ms", "≤ 5 ms"));
        report.Figures.Add(("Cached GET: throughput vs the trivial endpoint", $"{cached.RequestsPerSecond / trivial.RequestsPerSecond:F2}x ({cached.RequestsPerSecond:F0} vs {trivial.RequestsPerSecond:F0} req/s)", "≥ 0.8x"));
        report.Figures.Add(("Cached vs uncached throughput", $"{cached.RequestsPerSecond / uncached.RequestsPerSecond:F2}x", "(no target)"));

        // The hop's cost is fixed per request, so its ratio depends on what the request costs behind it: the
        // cheapest request there is (a cached read) shows the worst case, a page read from PostgreSQL a typical one.
        // A bare YARP (one route, nothing else) in the same run shows what the hop itself costs on this machine.
        Console.WriteLine("Gateway: direct vs through the gateway vs through a bare YARP...");
        await using var bare = await BareProxy.StartAsync(app.Endpoint("users", "h2c"));
        var direct = await Wrk.MeasureAsync("GET /api/v1/users/{id} (cached), direct to Users.Service", new Uri(users, "/api/v1/users/"), Connections, Duration,
            RandomIdScript(hotFile), auth);
        var proxied = await Wrk.MeasureAsync("The same, through the gateway (token check, rate limiter, timeouts, telemetry, proxy over h2c)", new Uri(gateway, "/api/v1/users/"),
            Connections, Duration, RandomIdScript(hotFile), auth);
        var bareProxied = await Wrk.MeasureAsync("The same, through a bare YARP (one route, nothing else, h2c): the hop alone", new Uri(bare.Address, "/api/v1/users/"),
            Connections, Duration, RandomIdScript(hotFile), auth);
        var page = new Uri("/api/v1/users?limit=20&name_prefix=bench%20user%201", UriKind.Relative);
        var directPage = await Wrk.MeasureAsync("GET /api/v1/users?limit=20&name_prefix=… (PostgreSQL), direct to Users.Service", new Uri(users, page), Connections, Duration,
            headers: auth);
        var proxiedPage = await Wrk.MeasureAsync("The same, through the gateway", new Uri(gateway, page), Connections, Duration, headers: auth);
        report.Loads.Add(("Gateway hop: the same request direct and through the gateway",
            $"{Connections} connections, wrk, admin token; the gateway and the service share the machine's {Environment.ProcessorCount} cores with the load generator. "
            + "The gateway reaches the service over cleartext HTTP/2 (one multiplexed connection).",
            [direct, proxied, bareProxied, directPage, proxiedPage]));
        report.Figures.Add(("Gateway: throughput vs direct, cached read (the cheapest request: worst case)", $"{proxied.RequestsPerSecond / direct.RequestsPerSecond:F2}x", "≥ 0.6x"));
        report.Figures.Add(("Bare YARP (reference, no protections): throughput vs direct, cached read", $"{bareProxied.RequestsPerSecond / direct.RequestsPerSecond:F2}x", "(reference)"));
        report.Figures.Add(("Gateway vs bare YARP, cached read: what the edge's protections cost", $"{proxied.RequestsPerSecond / bareProxied.RequestsPerSecond:F2}x", "(no target)"));
        report.Figures.Add(("Gateway: added p50, cached read (p99 direct / through the gateway)", $"{proxied.P50Ms - direct.P50Ms:F2} ms ({direct.P99Ms:F2} / {proxied.P99Ms:F2} ms)", "p50 ≤ 0.5 ms"));
        report.Figures.Add(("Gateway: throughput vs direct, page read from PostgreSQL", $"{proxiedPage.RequestsPerSecond / directPage.RequestsPerSecond:F2}x", "≥ 0.6x"));
        report.Figures.Add(("Gateway: added p50, page read from PostgreSQL (p99 direct / through the gateway)",
            $"{proxiedPage.P50Ms - directPage.P50Ms:F2} ms ({directPage.P99Ms:F2} / {proxiedPage.P99Ms:F2} ms)", "p50 ≤ 0.5 ms"));

        File.Delete(hotFile);
        File.Delete(coldFile);
    }

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

    /// <summary>Each thread walks its own half of the file: no id is read twice, so every read misses the cache.</summary>
    private static string SequentialIdScript(string idsFile) => $$"""
        local ids = {}
        for line in io.lines("{{idsFile}}") do ids[#ids + 1] = line end
        local count = 0
        setup = function(thread)
          thread:set("slot", count)
          count = count + 1
        end
        local next_index
        init = function(args)
          next_index = slot * math.floor(#ids / 2)
        end
        request = function()
          next_index = next_index + 1
          return wrk.format("GET", "/api/v1/users/" .. ids[next_index])
        end
        """;
}
