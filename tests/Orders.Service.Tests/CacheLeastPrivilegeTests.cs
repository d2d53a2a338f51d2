using System.Net;
using Backend.Testing;
using StackExchange.Redis;

namespace Orders.Service.Tests;

/// <summary>
/// Each caching service reaches Redis as an ACL user of its own (AppHost/Infrastructure/CachePermissions.cs,
/// CacheUsers.cs), which may do what its two-level cache does on its own keys and channels and nothing else. Checked with
/// the very connection strings the services are given; the cache tests of both suites show the caches still work.
/// </summary>
public sealed class CacheLeastPrivilegeTests(OrdersFixture orders)
{
    /// <summary>This test's own client name, to tell its deliberate refusals from the services' in the ACL log.</summary>
    private const string TestClient = "least-privilege-test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("users", "users", "products")]
    [InlineData("orders", "products", "users")]
    public async Task A_service_s_cache_user_may_read_write_and_signal_its_own_entries(string service, string cache, string otherCache)
    {
        await using var redis = await ConnectAsync(service);
        var db = redis.GetDatabase();
        var key = $"{cache}:v1:least-privilege-{Guid.NewGuid():N}";
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = RedisChannel.Literal($"{cache}:v1:invalidated:acks:{Guid.NewGuid():N}");
        await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => received.TrySetResult(message.ToString()));

        Assert.True(await db.StringSetAsync(key, "filled", TimeSpan.FromSeconds(30), When.NotExists)); // a reader's fill
        Assert.True(await db.StringSetAsync(key, "written", TimeSpan.FromSeconds(30))); // a writer's write-through
        Assert.Equal("written", (string?)await db.StringGetAsync(key));
        Assert.True(await db.KeyDeleteAsync(key));
        Assert.Equal(1, await redis.GetSubscriber().PublishAsync(channel, "1"));
        Assert.Equal("1", await received.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        await db.PingAsync();

        // Another service's entries and channels are out of reach.
        await AssertRefusedAsync(() => db.StringGetAsync($"{otherCache}:v1:some-key"));
        await AssertRefusedAsync(() => db.StringSetAsync($"{otherCache}:v1:some-key", "poisoned"));
        await AssertRefusedAsync(() => db.StringSetAsync("unprefixed-key", "x"));
        await AssertRefusedAsync(() => redis.GetSubscriber().PublishAsync(RedisChannel.Literal($"{otherCache}:v1:invalidated"), "x"));
    }

    [Theory]
    [InlineData("users", "FLUSHALL")]
    [InlineData("users", "KEYS", "*")]
    [InlineData("users", "SCAN", "0")]
    [InlineData("users", "CONFIG", "GET", "*")]
    [InlineData("users", "ACL", "LIST")]
    [InlineData("users", "CLIENT", "LIST")]
    [InlineData("orders", "FLUSHDB")]
    [InlineData("orders", "KEYS", "products:v1:*")]
    [InlineData("orders", "INCR", "products:v1:counter")]
    [InlineData("orders", "SHUTDOWN", "NOSAVE")]
    [InlineData("orders", "EVAL", "return 1", "0")]
    public async Task A_service_s_cache_user_is_refused_every_other_command(string service, string command, params string[] arguments)
    {
        await using var redis = await ConnectAsync(service);

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().ExecuteAsync(command, [.. arguments]));

        Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_the_services_send_is_refused()
    {
        // Cache traffic of both services: a profile read and written (users), a product read (products).
        var person = await orders.RegisterCustomerAsync("Cache User");
        using (var users = new ApiClient(orders.Users, person.AccessToken))
        {
            using var read = await users.GetAsync("/api/v1/users/me", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var patched = await users.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Cache User 2"}""", "application/merge-patch+json", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using (var admin = orders.As(orders.Admin))
        {
            var sku = await Shop.AddProductAsync(admin, "ACL", "ACL probe", 1m, ct: Ct);
            using var read = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await using var administrator = await ConnectionMultiplexer.ConnectAsync(await orders.ConnectionStringAsync("cache"));
        var log = (RedisResult[])(await administrator.GetDatabase().ExecuteAsync("ACL", "LOG"))!;
        var refusals = log.Select(entry => entry.ToDictionary())
            .Where(entry => !entry["client-info"].ToString().Contains($"name={TestClient}", StringComparison.Ordinal))
            .Select(entry => $"{entry["username"]}: {entry["reason"]} {entry["object"]} ({entry["client-info"]})")
            .ToList();

        Assert.True(refusals.Count == 0, "Refused:" + Environment.NewLine + string.Join(Environment.NewLine, refusals));
    }

    /// <summary>
    /// The service's own user, with the client settings the services use (ServiceDefaults/Caching/CachingExtensions.cs)
    /// but CONFIG left on and admin commands allowed in the client, as someone holding the credentials would have them.
    /// </summary>
    private async Task<ConnectionMultiplexer> ConnectAsync(string service)
    {
        var options = ConfigurationOptions.Parse(await orders.ConnectionStringAsync($"cache-{service}") + ",tiebreaker=,configChannel=,setlib=false");
        options.ClientName = TestClient;
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task AssertRefusedAsync(Func<Task> command)
    {
        var refused = await Assert.ThrowsAsync<RedisServerException>(command);
        Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
    }
}
