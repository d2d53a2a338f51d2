using Backend.Testing;
using Npgsql;

namespace Identity.Service.Tests;

/// <summary>The scheduled pruning of spent tokens (the fixture prunes every second; the minimum age is the default 14 days).</summary>
public sealed class TokenPruningTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spent_tokens_older_than_the_minimum_age_are_deleted_and_the_user_stays_signed_in()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var first = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid offline_access users.read", email, password, Ct);
        var current = await browser.RefreshAsync("web", first.RefreshToken!, Ct);
        var subject = OidcClient.Payload(current.AccessToken).GetProperty("sub").GetString()!;

        // The code and the first refresh token are spent (redeemed); make them look as if they were from weeks ago.
        await using var database = new NpgsqlConnection(await identity.App.ConnectionStringAsync("identitydb", Ct));
        await database.OpenAsync(Ct);
        Assert.True(await SpentTokensAsync(database, subject) >= 2);
        await using (var backdate = new NpgsqlCommand(
            "UPDATE \"OpenIddictTokens\" SET creation_date = now() - interval '15 days' WHERE subject = @subject AND status = 'redeemed'", database))
        {
            backdate.Parameters.AddWithValue("subject", subject);
            await backdate.ExecuteNonQueryAsync(Ct);
        }

        await Eventually.TrueAsync(async () => await SpentTokensAsync(database, subject) == 0,
            TimeSpan.FromSeconds(30), "the backdated spent tokens are pruned", TimeSpan.FromMilliseconds(250), Ct);

        // The fresh refresh token was left alone: the user still refreshes.
        var next = await browser.RefreshAsync("web", current.RefreshToken!, Ct);
        Assert.NotNull(next.AccessToken);
    }

    private static async Task<long> SpentTokensAsync(NpgsqlConnection database, string subject)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"OpenIddictTokens\" WHERE subject = @subject AND status = 'redeemed'", database);
        count.Parameters.AddWithValue("subject", subject);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }
}
