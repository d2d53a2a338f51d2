using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

/// <summary>Stops the shared Redis: runs alone, so that no other test sees the outage.</summary>
[Collection(nameof(RedisOutage))]
public sealed class RedisOutageTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task With_Redis_stopped_reads_and_writes_still_work_and_readiness_says_degraded()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, "Before Outage", ct: Ct);
        using var api = users.As(person);
        (await api.GetAsync("/api/v1/users/me", ct: Ct)).Dispose(); // cached while Redis is up

        await users.App.StopResourceAsync("cache", Ct);
        try
        {
            using var read = await api.GetAsync("/api/v1/users/me", ct: Ct);
            using var write = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"During Outage"}""", "application/merge-patch+json", ct: Ct);
            using var reread = await api.GetAsync("/api/v1/users/me", ct: Ct);
            using var health = new ApiClient(users.Users);
            using var readiness = await health.GetAsync("/health/ready", ct: Ct);

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
            Assert.Equal("During Outage", (await ApiClient.ReadJsonAsync(reread, Ct)).GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.OK, readiness.StatusCode); // degraded still takes traffic
            var report = await ApiClient.ReadJsonAsync(readiness, Ct);
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("cache").GetProperty("status").GetString());
        }
        finally
        {
            await users.App.StartResourceAsync("cache", Ct);
        }

        // Back up: the value written during the outage is what everyone reads (no stale entry came back).
        using var after = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal("During Outage", (await ApiClient.ReadJsonAsync(after, Ct)).GetProperty("name").GetString());
    }
}
