using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

/// <summary>GET /api/v1/users: cursor pagination and prefix filters.</summary>
public sealed class ListTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Walking_the_pages_sees_every_user_once_while_users_are_being_added()
    {
        using var admin = users.As(users.Admin);
        var prefix = $"walk-{Guid.NewGuid():N}"[..17];
        var existing = new List<string>();
        foreach (var batch in Enumerable.Range(0, 300).Chunk(25))
        {
            var created = await Task.WhenAll(batch.Select(i => CreateAsync(admin, $"{prefix}-{i:D3}@example.com")));
            existing.AddRange(created);
        }

        using var adding = new CancellationTokenSource();
        var added = new List<string>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !adding.IsCancellationRequested && i < 100; i++)
            {
                added.Add(await CreateAsync(admin, $"{prefix}-new-{i:D3}@example.com"));
            }
        }, Ct);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = $"/api/v1/users?limit=37&email_prefix={prefix}" + (cursor is null ? "" : $"&cursor={cursor}");
            using var page = await admin.GetAsync(query, ct: Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await ApiClient.ReadJsonAsync(page, Ct);
            Assert.True(body.GetProperty("data").GetArrayLength() <= 37);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
            cursor = body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        await adding.CancelAsync();
        await writer;

        Assert.Equal(seen.Count, seen.Distinct().Count()); // no repeats
        Assert.Empty(existing.Except(seen)); // no gaps
        Assert.True(pages >= 300 / 37, $"only {pages} pages");
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen); // a stable order on a unique key
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_and_the_default_limit_is_20()
    {
        using var admin = users.As(users.Admin);
        var prefix = $"last-{Guid.NewGuid():N}"[..17];
        for (var i = 0; i < 23; i++)
        {
            await CreateAsync(admin, $"{prefix}-{i}@example.com");
        }

        using var first = await admin.GetAsync($"/api/v1/users?email_prefix={prefix}", ct: Ct);
        var firstBody = await ApiClient.ReadJsonAsync(first, Ct);
        using var second = await admin.GetAsync($"/api/v1/users?email_prefix={prefix}&cursor={firstBody.GetProperty("next_cursor").GetString()}", ct: Ct);
        var secondBody = await ApiClient.ReadJsonAsync(second, Ct);

        Assert.Equal(20, firstBody.GetProperty("data").GetArrayLength());
        Assert.Equal(3, secondBody.GetProperty("data").GetArrayLength());
        Assert.False(secondBody.TryGetProperty("next_cursor", out _));
    }

    [Fact]
    public async Task The_name_prefix_filter_ignores_case_and_treats_wildcards_literally()
    {
        using var admin = users.As(users.Admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(admin, TestAccounts.NewEmail(), $"Zed{tag} Alpha");
        await CreateAsync(admin, TestAccounts.NewEmail(), $"zed{tag} beta");
        await CreateAsync(admin, TestAccounts.NewEmail(), $"Other{tag}");

        using var byPrefix = await admin.GetAsync($"/api/v1/users?name_prefix=ZED{tag}", ct: Ct);
        using var wildcard = await admin.GetAsync($"/api/v1/users?name_prefix=%25{tag}", ct: Ct);

        Assert.Equal(2, (await ApiClient.ReadJsonAsync(byPrefix, Ct)).GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await ApiClient.ReadJsonAsync(wildcard, Ct)).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=eyJpZCI6MX0", "cursor")] // base64url of {"id":1}: decodes, but not to a user cursor
    public async Task Bad_paging_parameters_are_400_naming_the_parameter(string query, string field)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.GetAsync($"/api/v1/users?{query}", ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_is_400()
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.GetAsync("/api/v1/users?limit=ten", ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    private static async Task<string> CreateAsync(ApiClient admin, string email, string name = "Walker")
    {
        using var response = await admin.PostAsync("/api/v1/users", new { email, name }, ct: Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiClient.ReadJsonAsync(response, Ct)).GetProperty("id").GetString()!;
    }
}
