using System.Diagnostics;
using Backend.Testing;
using Npgsql;

namespace Backend.Bench;

/// <summary>The top-customers report (maintained aggregates vs a GROUP BY over every order), orders placed per second through the gateway, outbox latency.</summary>
public static class OrdersBench
{
    public static async Task RunAsync(BackendApp app, BenchReport report)
    {
        var ordersDb = await app.ConnectionStringAsync("ordersdb") ?? throw new InvalidOperationException("No ordersdb.");
        var gateway = app.Endpoint("gateway", "http");
        var identity = app.Endpoint("identity", "http");

        Console.WriteLine("Seeding 100,000 customers and 1,000,000 orders...");
        await SeedAsync(ordersDb);
        await CompareReportQueriesAsync(ordersDb, report);

        var admin = await TestAccounts.SignInAdminAsync(identity);
        var apiReport = await Wrk.MeasureAsync("GET /api/v1/reports/top-customers?min_total=100 through the gateway (admin)",
            new Uri(gateway, "/api/v1/reports/top-customers?min_total=100"), connections: 4, TimeSpan.FromSeconds(10),
            headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {admin.AccessToken}" });

        Console.WriteLine($"Stocking the catalog with {CatalogSize} products, registering 40 customers for the order load...");
        var skus = await StockCatalogAsync(gateway, admin.AccessToken);
        var tokens = await RegisterBuyersAsync(app);
        await CompareCatalogPageAsync(app, report);
        var notificationsDb = await app.ConnectionStringAsync("notificationsdb") ?? throw new InvalidOperationException("No notificationsdb.");

        // At rest first: once the saturating load below has run, its emails' backlog would be in the way for minutes.
        Console.WriteLine("Orders: one at a time, at rest...");
        DateTimeOffset quietStarted;
        using (var api = new ApiClient(gateway, tokens[0]))
        {
            // Not counted: the system's first OrderPlaced also declares the event's exchange on the broker, once per deployment.
            using (var first = await api.PlaceOrderAsync(Shop.Order((skus[0], 1))))
            {
                first.EnsureSuccessStatusCode();
            }

            await Task.Delay(1000);
            quietStarted = DateTimeOffset.UtcNow;
            for (var i = 0; i < 20; i++)
            {
                using var placed = await api.PlaceOrderAsync(Shop.Order((skus[i % skus.Count], 1)));
                placed.EnsureSuccessStatusCode();
                await Task.Delay(300);
            }
        }

        var (quietP50, quietP95, quietCount) = await OutboxLatencyAsync(ordersDb, quietStarted, DateTimeOffset.UtcNow);
        report.Figures.Add(("OrderPlaced: commit to broker confirm, p50 / p95 (one order at a time)", $"{quietP50:F1} ms / {quietP95:F1} ms ({quietCount} events)", "p95 ≤ 100 ms"));
        var atRest = await EmailLatencyAsync(ordersDb, notificationsDb, quietStarted, TimeSpan.FromSeconds(60));
        report.Figures.Add(("Order placed to its confirmation email sent, p50 / p95 (one order at a time)",
            $"{atRest.P50:F0} ms / {atRest.P95:F0} ms ({atRest.Count} emails)", "(no target)"));

        var tokenFile = Path.Combine(Path.GetTempPath(), $"bench-tokens-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(tokenFile, tokens);

        // Warmed up like every other scenario, but longer: under load on 2 cores Orders.Service's CPU per order falls from
        // ~5 ms to ~1.7 ms over its first minute of orders (JIT tiering competing with the load), so a few seconds of warm-up
        // would measure a service still warming. Paced below what the emails drain at (55-75/s to smtp4dev on 2 cores), so
        // that no backlog of confirmations is left to compete with the measured runs (a closed-loop warm-up leaves minutes
        // of it); then a short run at the measured rate, and their emails sent.
        Console.WriteLine($"Orders: warm-up, {OrderWarmUp.TotalSeconds:F0} s at {WarmUpRate} orders/s, then {PacedRate}/s for 10 s...");
        var warmStarted = DateTimeOffset.UtcNow;
        await PacedLoad.RunAsync("warm-up", new Uri(gateway, "/api/v1/orders"), tokens, OrderBodies(skus), WarmUpRate, OrderWarmUp);
        await PacedLoad.RunAsync("warm-up", new Uri(gateway, "/api/v1/orders"), tokens, OrderBodies(skus), PacedRate, TimeSpan.FromSeconds(10));
        await EmailLatencyAsync(ordersDb, notificationsDb, warmStarted, TimeSpan.FromSeconds(180));

        // A steady rate, the way clients arrive (open loop): the relay's latency while the system is busy but not saturated. (Open
        // loop means that a rate above what the machine can take piles requests up without bound: keep it well below saturation.)
        Console.WriteLine($"Orders: {PacedRate} orders/s, paced, through the gateway...");
        var pacedStarted = DateTimeOffset.UtcNow;
        var paced = await PacedLoad.RunAsync($"POST /api/v1/orders through the gateway, {PacedRate}/s paced (open loop)", new Uri(gateway, "/api/v1/orders"),
            tokens, OrderBodies(skus), PacedRate, TimeSpan.FromSeconds(20));
        var (pacedP50, pacedP95, pacedCount) = await OutboxLatencyAsync(ordersDb, pacedStarted, DateTimeOffset.UtcNow);
        report.Figures.Add(($"OrderPlaced: commit to broker confirm, p50 / p95 (during {PacedRate} orders/s)", $"{pacedP50:F1} ms / {pacedP95:F1} ms ({pacedCount} events)", "p95 ≤ 100 ms"));

        Console.WriteLine("Orders: placement through the gateway, as fast as it goes (warm-up, then measured)...");
        await Wrk.RunAsync("warm-up", new Uri(gateway, "/api/v1/orders"), connections: 32, Wrk.WarmUp, PlaceOrderScript(tokenFile, skus));
        var loadStarted = DateTimeOffset.UtcNow;
        var cpuBefore = CpuSampler.Take(app);
        var place = await Wrk.RunAsync("POST /api/v1/orders through the gateway, saturating (32 connections, closed loop)", new Uri(gateway, "/api/v1/orders"),
            connections: 32, TimeSpan.FromSeconds(20), PlaceOrderScript(tokenFile, skus));
        var cpu = new CpuTable(Section, place.Name, "order", place.Requests, CpuSampler.Take(app).Since(cpuBefore));
        var loadEnded = DateTimeOffset.UtcNow;
        report.Cpu.Add(cpu);

        // Half the maximum rate just measured, open loop: the latency of a busy system that keeps up. The worker sends
        // fewer emails a second than that on this machine, so their backlog (the saturating run's, and this run's) drains meanwhile, as it would then.
        var halfRate = place.RequestsPerSecond / 2;
        Console.WriteLine($"Orders: {halfRate:F0} orders/s (half the maximum), paced, through the gateway...");
        var halfPaced = await PacedLoad.RunAsync($"POST /api/v1/orders through the gateway, {halfRate:F0}/s paced (half the saturating rate, open loop)",
            new Uri(gateway, "/api/v1/orders"), tokens, OrderBodies(skus), halfRate, TimeSpan.FromSeconds(10));
        List<LoadResult> orderLoads = [paced, place, halfPaced, apiReport];
        report.Loads.Add((Section,
            "Through the gateway with authentication (edge token check, rate limiter, proxy; then token validation, the order, its outbox message and the customer's aggregates in one transaction), "
            + $"and the stock of its products taken; 40 customers, 2-line orders of {CatalogSize} catalog products picked at random. 1,000,000 orders already in ordersdb. "
            + $"The paced runs are open loop from this process (.NET HttpClient, at most {PacedLoad.Connections} connections), latency from each request's scheduled time.",
            orderLoads));
        report.Figures.Add(("Orders placed per second through the gateway (p50 / p99)", $"{place.RequestsPerSecond:F0}/s ({place.P50Ms:F1} ms / {place.P99Ms:F1} ms)", "(reference: the ratio below)"));
        if (report.TrivialRequestsPerSecond is { } trivial)
        {
            report.Figures.Add(("Orders per second through the gateway vs the trivial endpoint",
                $"{place.RequestsPerSecond / trivial:F3}x ({place.RequestsPerSecond:F0} vs {trivial:F0} req/s)", "≥ 0.02x"));
        }

        report.Figures.Add(("Orders: CPU per order, all processes",
            $"{cpu.TotalPerRequest:F2} ms ({cpu.SystemPerRequest:F2} ms without the load generator)", "(reported)"));
        report.Figures.Add(("Order POST p99 at half rate, through the gateway", $"{halfPaced.P99Ms:F1} ms (p50 {halfPaced.P50Ms:F1} ms, {halfRate:F0}/s)", "≤ 50 ms"));

        var (publishP50, publishP95, published) = await OutboxLatencyAsync(ordersDb, loadStarted, loadEnded);
        report.Figures.Add(("OrderPlaced: commit to broker confirm, p50 / p95 (during the saturating load)", $"{publishP50:F1} ms / {publishP95:F1} ms ({published} events)", "(CPU saturated)"));

        // The loads above left a backlog of emails: how fast it goes out is the worker's (and the SMTP server's) throughput.
        Console.WriteLine("Orders: the confirmation emails' backlog, for 60 s...");
        var drained = await EmailsSentAsync(notificationsDb, TimeSpan.FromSeconds(60));
        report.Figures.Add(("Confirmation emails sent per second, backlog draining (worker to smtp4dev over SMTP)", $"{drained:F0}/s", "(no target)"));

        // The same load with the worker stopped (its emails wait in the queue): what the order path itself does here, without
        // the worker and the mail catcher (smtp4dev: ~14 ms of CPU per email) taking their share of the 2 cores. Not the
        // target's figure, which is the whole stack's; it shows how much of the gap is the mail catcher's.
        Console.WriteLine("Orders: the same, with Notifications.Worker stopped...");
        await app.StopResourceAsync("notifications");
        var alone = await Wrk.RunAsync("The same with Notifications.Worker stopped (emails wait in the queue): the order path alone", new Uri(gateway, "/api/v1/orders"),
            connections: 32, TimeSpan.FromSeconds(20), PlaceOrderScript(tokenFile, skus));
        await app.StartResourceAsync("notifications");
        File.Delete(tokenFile);
        orderLoads.Insert(3, alone);
        report.Figures.Add(("Orders placed per second, Notifications.Worker stopped (p50 / p99)", $"{alone.RequestsPerSecond:F0}/s ({alone.P50Ms:F1} ms / {alone.P99Ms:F1} ms)", "(reference)"));
    }

    private const string Section = "Orders.Service: placing orders and reading the report";

    private const int PacedRate = 100;

    /// <summary>
    /// The catalog's first page (GET /api/v1/products?limit=20, anonymous) vs Orders.Service's trivial endpoint, direct,
    /// with the same connections; and Users.Service's trivial endpoint when the users part did not measure it (the
    /// orders' ratio needs it).
    /// </summary>
    private static async Task CompareCatalogPageAsync(BackendApp app, BenchReport report)
    {
        var orders = app.Endpoint("orders", "http");
        var catalogPage = new Uri(orders, "/api/v1/products?limit=20");
        using (var http = new HttpClient())
        {
            // A page of products, or the scenario would measure an empty list.
            using var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(catalogPage));
            if (page.RootElement.GetProperty("data").GetArrayLength() == 0)
            {
                throw new InvalidOperationException("The catalog has no product on sale.");
            }
        }

        Console.WriteLine("Orders: the catalog's first page vs the trivial endpoint, direct...");
        List<LoadResult> loads = [];
        if (report.TrivialRequestsPerSecond is null)
        {
            var usersTrivial = await Wrk.MeasureAsync("Users.Service's trivial endpoint (GET /health/live): the ceiling the orders' ratio uses",
                new Uri(app.Endpoint("users", "http"), "/health/live"), CatalogConnections, CatalogDuration);
            report.TrivialRequestsPerSecond = usersTrivial.RequestsPerSecond;
            loads.Add(usersTrivial);
        }

        var trivial = await Wrk.MeasureAsync("Trivial JSON endpoint (GET /health/live, no auth), Orders.Service", new Uri(orders, "/health/live"), CatalogConnections, CatalogDuration);
        var products = await MeasuredLoad.WithCpuAsync(app, report, CatalogSection, "GET /api/v1/products?limit=20 (anonymous: the public catalog's first page)", catalogPage,
            CatalogConnections, CatalogDuration);
        loads.AddRange([trivial, products]);
        report.Loads.Add((CatalogSection,
            $"{CatalogConnections} connections, wrk, straight to Orders.Service, no token; {CatalogSize} products on sale.", loads));
        report.Figures.Add(("Cached product list page vs the trivial endpoint",
            $"{products.RequestsPerSecond / trivial.RequestsPerSecond:F2}x ({products.RequestsPerSecond:F0} vs {trivial.RequestsPerSecond:F0} req/s; p99 {products.P99Ms:F2} ms)", "≥ 0.7x"));
    }

    private const string CatalogSection = "Orders.Service: the catalog's first page vs the trivial endpoint";

    private const int CatalogConnections = 32;

    private static readonly TimeSpan CatalogDuration = TimeSpan.FromSeconds(10);

    private const int WarmUpRate = 40;

    private static readonly TimeSpan OrderWarmUp = TimeSpan.FromSeconds(60);

    /// <summary>How many products the orders pick from: orders for the same product serialise on its row (its stock).</summary>
    private const int CatalogSize = 20;

    /// <summary>The catalog the orders pick from: products with stock no run exhausts; their SKUs.</summary>
    public static async Task<List<string>> StockCatalogAsync(Uri gateway, string adminToken)
    {
        using var admin = new ApiClient(gateway, adminToken);
        var skus = new List<string>();
        for (var i = 0; i < CatalogSize; i++)
        {
            skus.Add(await Shop.AddProductAsync(admin, "BENCH", $"Benchmark item {i}", 3.50m + i, stock: 1_000_000));
        }

        return skus;
    }

    /// <summary>An order of two different products of the catalog, picked at random (2 of the first, 1 of the second).</summary>
    private static Func<string> OrderBodies(List<string> skus) => () =>
    {
        var first = Random.Shared.Next(skus.Count);
        var second = (first + 1 + Random.Shared.Next(skus.Count - 1)) % skus.Count;
        return System.Text.Json.JsonSerializer.Serialize(Shop.Order((skus[first], 2), (skus[second], 1)), ApiClient.Json);
    };

    /// <summary>40 new customers, their addresses verified through the emailed link (or they could not order); their access tokens.</summary>
    public static async Task<List<string>> RegisterBuyersAsync(BackendApp app)
    {
        var identity = app.Endpoint("identity", "http");
        using var mailbox = Mailbox.Of(app);
        var tokens = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            tokens.Add((await TestAccounts.RegisterVerifiedAsync(identity, mailbox, $"Bench Buyer {i}")).AccessToken);
        }

        return tokens;
    }

    /// <summary>
    /// From each order's created_at (ordersdb) to its confirmation's sent_at (notificationsdb, written as the SMTP
    /// send starts; the server's 250 follows within milliseconds): the event's whole path through outbox, relay,
    /// broker and worker. Waits up to <paramref name="patience"/> for the emails to catch up.
    /// </summary>
    private static async Task<(double P50, double P95, int Count)> EmailLatencyAsync(string ordersDb, string notificationsDb, DateTimeOffset since, TimeSpan patience)
    {
        var created = new Dictionary<Guid, DateTime>();
        await using (var orders = new NpgsqlConnection(ordersDb))
        {
            await orders.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT id, created_at FROM orders WHERE created_at >= $1", orders) { Parameters = { new() { Value = since } } };
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                created[reader.GetGuid(0)] = reader.GetDateTime(1);
            }
        }

        var latencies = new List<double>();
        var deadline = DateTime.UtcNow + patience;
        await using var notifications = new NpgsqlConnection(notificationsDb);
        await notifications.OpenAsync();
        do
        {
            latencies.Clear();
            await using var query = new NpgsqlCommand("SELECT order_id, sent_at FROM sent_order_confirmations WHERE order_id = ANY($1)", notifications)
            {
                Parameters = { new() { Value = created.Keys.ToArray() } },
            };
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                latencies.Add((reader.GetDateTime(1) - created[reader.GetGuid(0)]).TotalMilliseconds);
            }

            if (latencies.Count >= created.Count)
            {
                break;
            }

            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);

        return latencies.Count == 0 ? (0, 0, 0) : (BenchReport.Percentile(latencies, 50), BenchReport.Percentile(latencies, 95), latencies.Count);
    }

    /// <summary>Emails recorded as sent during the next <paramref name="window"/>, per second.</summary>
    private static async Task<double> EmailsSentAsync(string notificationsDb, TimeSpan window)
    {
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(window);
        await using var connection = new NpgsqlConnection(notificationsDb);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM sent_order_confirmations WHERE sent_at >= $1 AND sent_at < $2", connection)
        {
            Parameters = { new() { Value = from }, new() { Value = from + window } },
        };
        return Convert.ToDouble(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) / window.TotalSeconds;
    }

    /// <summary>100,000 customers with 10 orders each on average, straight into the tables, aggregates computed from them.</summary>
    private static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            """
            CREATE TEMP TABLE bench_customers AS
            SELECT gen_random_uuid() AS user_id, g AS n FROM generate_series(1, 100000) g
            """,
            """
            INSERT INTO orders (id, user_id, status, currency, total, created_at, updated_at)
            SELECT gen_random_uuid(), c.user_id,
                   CASE WHEN random() < 0.1 THEN 'cancelled' ELSE 'pending' END, 'EUR',
                   (random() * 40 + 1)::numeric(10,2), now() - random() * interval '365 days', now()
            FROM generate_series(1, 1000000) g
            JOIN bench_customers c ON c.n = 1 + (g::bigint * 7919) % 100000
            """,
            """
            INSERT INTO customers (user_id, email, name, deleted, order_count, total_spent)
            SELECT c.user_id, 'bench-' || c.n || '@example.com', 'Bench Customer ' || c.n, false,
                   count(o.id) FILTER (WHERE o.status <> 'cancelled'),
                   coalesce(sum(o.total) FILTER (WHERE o.status <> 'cancelled'), 0)
            FROM bench_customers c JOIN orders o ON o.user_id = c.user_id
            GROUP BY c.user_id, c.n
            """,
            // Vacuumed and analysed now, as a live table is: otherwise autovacuum picks the million new rows up during the loads below.
            "VACUUM (ANALYZE) orders",
            "VACUUM (ANALYZE) order_items",
            "VACUUM (ANALYZE) customers",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task CompareReportQueriesAsync(string connectionString, BenchReport report)
    {
        // What the API runs: the per-customer aggregates, an index range scan.
        const string aggregates = """
            SELECT user_id, name, order_count, total_spent FROM customers
            WHERE total_spent > 100 ORDER BY total_spent DESC, user_id LIMIT 21
            """;
        // The report computed from the orders themselves: group every order, then HAVING.
        const string naive = """
            SELECT c.user_id, c.name, count(o.id) AS order_count, sum(o.total) AS total_spent
            FROM customers c JOIN orders o ON o.user_id = c.user_id
            WHERE o.status <> 'cancelled'
            GROUP BY c.user_id, c.name
            HAVING sum(o.total) > 100
            ORDER BY total_spent DESC LIMIT 21
            """;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ours = await TimeAsync(connection, aggregates, runs: 300);
        var grouped = await TimeAsync(connection, naive, runs: 20);
        var p50 = BenchReport.Percentile(ours, 50);
        var p95 = BenchReport.Percentile(ours, 95);
        var naiveP50 = BenchReport.Percentile(grouped, 50);
        report.Queries.Add(("Per-customer aggregates (what the API runs)", p50, p95, ours.Count));
        report.Queries.Add(("Naive GROUP BY ... HAVING over 1,000,000 orders", naiveP50, BenchReport.Percentile(grouped, 95), grouped.Count));
        report.Figures.Add(("Top-customers report p95, 100k customers / 1M orders", $"{p95:F2} ms", "≤ 10 ms"));
        report.Figures.Add(("Report: naive GROUP BY p50 / aggregates p50", $"{naiveP50 / p50:F0}x faster ({naiveP50:F0} ms vs {p50:F2} ms)", "(no target)"));
    }

    private static async Task<List<double>> TimeAsync(NpgsqlConnection connection, string sql, int runs)
    {
        var timings = new List<double>(runs);
        for (var run = 0; run < runs + 3; run++)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
            var watch = Stopwatch.StartNew();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                }
            }

            if (run >= 3)
            {
                timings.Add(watch.Elapsed.TotalMilliseconds); // the first runs warm the caches
            }
        }

        return timings;
    }

    /// <summary>From the outbox itself: created_at (written with the order, just before commit) to sent_at (broker confirmed).</summary>
    private static async Task<(double P50, double P95, int Count)> OutboxLatencyAsync(string connectionString, DateTimeOffset since, DateTimeOffset until)
    {
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the relay finish the tail of the load
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT EXTRACT(EPOCH FROM (sent_at - created_at)) * 1000 FROM outbox_messages
            WHERE created_at >= $1 AND created_at < $2 AND sent_at IS NOT NULL
            """, connection) { Parameters = { new() { Value = since }, new() { Value = until } } };
        var latencies = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            latencies.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return latencies.Count == 0 ? (0, 0, 0) : (BenchReport.Percentile(latencies, 50), BenchReport.Percentile(latencies, 95), latencies.Count);
    }

    /// <summary>
    /// wrk's requests: each an order of two different catalog products picked at random, by the next customer in turn,
    /// with an Idempotency-Key of its own (thread, counter and a per-thread random start: unique across threads and runs).
    /// </summary>
    public static string PlaceOrderScript(string tokenFile, IReadOnlyList<string> skus) => $$"""
        local tokens = {}
        for line in io.lines("{{tokenFile}}") do tokens[#tokens + 1] = line end
        local skus = { {{string.Join(", ", skus.Select(s => "'" + s + "'"))}} }
        local threads = 0
        function setup(thread)
          thread:set("tid", threads)
          threads = threads + 1
        end
        local n, counter, run = 0, 0, 0
        function init(args)
          math.randomseed(os.time() * 1000 + tid)
          n = math.random(#tokens)
          run = math.random(1, 1000000000)
        end
        request = function()
          n = n % #tokens + 1
          counter = counter + 1
          local first = math.random(#skus)
          local second = (first + math.random(#skus - 1) - 1) % #skus + 1
          local body = '{"items":[{"sku":"' .. skus[first] .. '","quantity":2},{"sku":"' .. skus[second] .. '","quantity":1}]}'
          local key = string.format("bench-%d-%d-%d", tid, run, counter)
          return wrk.format("POST", "/api/v1/orders", { ["Authorization"] = "Bearer " .. tokens[n], ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }, body)
        end
        """;
}
