using System.Net;
using Backend.Testing;
using Npgsql;
using ServiceDefaults.Data;

namespace Users.Service.Tests;

/// <summary>Idempotency-Key on POST (implemented once in ServiceDefaults; exercised here on POST /api/v1/users).</summary>
public sealed class IdempotencyTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retried_post_with_the_same_key_and_body_replays_the_first_response_and_creates_one_user()
    {
        using var admin = users.As(users.Admin);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var email = TestAccounts.NewEmail("idem");

        using var first = await admin.PostAsync("/api/v1/users", new { email, name = "Once" }, key, Ct);
        using var retry = await admin.PostAsync("/api/v1/users", new { email, name = "Once" }, key, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        using var list = await admin.GetAsync($"/api/v1/users?email_prefix={Uri.EscapeDataString(email)}", ct: Ct);
        Assert.Equal(1, (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        using var admin = users.As(users.Admin);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        using var first = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "One" }, key, Ct);
        using var other = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "Two" }, key, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.UnprocessableEntity, Ct);
    }

    [Fact]
    public async Task The_same_key_while_the_first_request_is_still_running_is_409_then_works()
    {
        using var admin = users.As(users.Admin);
        var key = Guid.NewGuid().ToString();
        // Hold the key's lock as an in-flight request would.
        await using var connection = new NpgsqlConnection(await users.App.ConnectionStringAsync("usersdb", Ct));
        await connection.OpenAsync(Ct);
        var lockId = DatabaseExtensions.AdvisoryLockId($"idempotency:{users.Admin.Id}:{key}");
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = lockId } } })
        {
            await take.ExecuteNonQueryAsync(Ct);
        }

        var racer = TestAccounts.NewEmail("racer");
        using var whileRunning = await admin.PostAsync("/api/v1/users", new { email = racer, name = "Racer" }, ("Idempotency-Key", key), Ct);
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = lockId } } })
        {
            await release.ExecuteNonQueryAsync(Ct);
        }

        await ProblemAssert.IsProblemAsync(whileRunning, HttpStatusCode.Conflict, Ct);
        Assert.Equal("1", whileRunning.Headers.RetryAfter?.ToString());

        // ...then works: the lock released, the same request with the same key runs, once, and its retry replays it.
        using var afterwards = await admin.PostAsync("/api/v1/users", new { email = racer, name = "Racer" }, ("Idempotency-Key", key), Ct);
        using var replayed = await admin.PostAsync("/api/v1/users", new { email = racer, name = "Racer" }, ("Idempotency-Key", key), Ct);
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
        Assert.False(afterwards.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(afterwards.Headers.Location, replayed.Headers.Location);
        Assert.Equal(1, await CountAsync(admin, racer));
    }

    [Fact]
    public async Task A_failed_request_stores_nothing_so_a_corrected_retry_with_a_new_key_works_and_the_same_key_replays_the_failure()
    {
        using var admin = users.As(users.Admin);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var email = TestAccounts.NewEmail("taken");
        (await admin.PostAsync("/api/v1/users", new { email, name = "Owner" }, ct: Ct)).Dispose();

        using var conflict = await admin.PostAsync("/api/v1/users", new { email, name = "Copy" }, key, Ct);
        using var replayed = await admin.PostAsync("/api/v1/users", new { email, name = "Copy" }, key, Ct);

        await ProblemAssert.IsProblemAsync(conflict, HttpStatusCode.Conflict, Ct);
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Conflict, Ct);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());

        // The failure stored nothing but its answer: corrected (another email) and sent with a new key, the request works.
        var corrected = TestAccounts.NewEmail("corrected");
        using var retried = await admin.PostAsync("/api/v1/users", new { email = corrected, name = "Copy" }, ("Idempotency-Key", Guid.NewGuid().ToString()), Ct);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync(admin, email));
        Assert.Equal(1, await CountAsync(admin, corrected));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task A_malformed_key_is_400(string key)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "X" }, ("Idempotency-Key", key), Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task Keys_belong_to_the_caller_the_same_key_from_someone_else_is_another_request()
    {
        // Two admins: the demo admin, and another one (a token for another subject, signed with Identity.Service's key).
        using var admin = users.As(users.Admin);
        var forge = new TokenForge(Path.Combine(users.App.DataDirectory, "identity-keys"));
        var otherAdminId = Guid.NewGuid();
        using var otherAdmin = new ApiClient(users.Users,
            forge.Create(users.App.PublicUrl.AbsoluteUri, "users-api", otherAdminId.ToString(), "users.read users.write", role: "admin"));
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var (mine, theirs) = (TestAccounts.NewEmail("mine"), TestAccounts.NewEmail("theirs"));

        // The same key on the same idempotent POST, each with their own body. Were keys global, the second would be a
        // 422 (the key reused for another body), and each retry below would replay the first caller's user or be a 422.
        using var first = await admin.PostAsync("/api/v1/users", new { email = mine, name = "Mine" }, key, Ct);
        using var second = await otherAdmin.PostAsync("/api/v1/users", new { email = theirs, name = "Theirs" }, key, Ct);
        using var firstRetry = await admin.PostAsync("/api/v1/users", new { email = mine, name = "Mine" }, key, Ct);
        using var secondRetry = await otherAdmin.PostAsync("/api/v1/users", new { email = theirs, name = "Theirs" }, key, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(second.StatusCode == HttpStatusCode.Created, await second.Content.ReadAsStringAsync(Ct));
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(theirs, (await ApiClient.ReadJsonAsync(second, Ct)).GetProperty("email").GetString());
        // Each caller's retry replays their own response.
        Assert.Equal("true", firstRetry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, firstRetry.Headers.Location);
        Assert.Equal("true", secondRetry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(second.Headers.Location, secondRetry.Headers.Location);
        Assert.Equal(1, await CountAsync(admin, mine));
        Assert.Equal(1, await CountAsync(admin, theirs));
    }

    private static async Task<int> CountAsync(ApiClient admin, string email)
    {
        using var list = await admin.GetAsync($"/api/v1/users?email_prefix={Uri.EscapeDataString(email)}", ct: Ct);
        return (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").GetArrayLength();
    }
}
