using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

public sealed class ConcurrencyTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twenty_concurrent_creates_of_one_email_give_exactly_one_201()
    {
        using var admin = users.As(users.Admin);
        var email = TestAccounts.NewEmail("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            admin.PostAsync("/api/v1/users", new { email, name = $"Racer {i}" }, ct: Ct)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_if_match_let_exactly_one_win()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, ct: Ct);
        using var api = users.As(person);
        using var read = await api.GetAsync("/api/v1/users/me", ct: Ct);
        var etag = read.Headers.ETag!.ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"name":"Writer {{i}}"}""", "application/merge-patch+json", [("If-Match", etag)], Ct)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_deletions_of_my_account_delete_it_once_and_never_fail()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, ct: Ct);
        using var api = users.As(person);
        (await api.GetAsync("/api/v1/users/me", ct: Ct)).Dispose();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.DeleteAsync("/api/v1/users/me", ct: Ct)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, (HttpStatusCode[])[HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict]));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
