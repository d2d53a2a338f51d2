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
        await ProfileTests.AssertProblem(other, HttpStatusCode.UnprocessableEntity);
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

        using var whileRunning = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "Racer" }, ("Idempotency-Key", key), Ct);
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = lockId } } })
        {
            await release.ExecuteNonQueryAsync(Ct);
        }

        await ProfileTests.AssertProblem(whileRunning, HttpStatusCode.Conflict);
        Assert.Equal("1", whileRunning.Headers.RetryAfter?.ToString());
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

        await ProfileTests.AssertProblem(conflict, HttpStatusCode.Conflict);
        await ProfileTests.AssertProblem(replayed, HttpStatusCode.Conflict);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task A_malformed_key_is_400(string key)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "X" }, ("Idempotency-Key", key), Ct);

        await ProfileTests.AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Keys_belong_to_the_caller_the_same_key_from_someone_else_is_another_request()
    {
        using var admin = users.As(users.Admin);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var secondAdmin = await TestAccounts.SignInAdminAsync(users.Identity, ct: Ct);
        Assert.Equal(users.Admin.Id, secondAdmin.Id); // same person, new token: the key is theirs

        using var first = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "A" }, key, Ct);
        using var alice = users.As(users.Alice);
        using var fromAlice = await alice.GetAsync("/api/v1/users/me", key, Ct); // keys only act on POST

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromAlice.StatusCode);
    }
}
