using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

public sealed class CacheTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_after_an_update_returns_the_new_value_on_this_instance_and_on_another()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, "Cached Name", ct: Ct);
        using var first = users.As(person);
        using var second = await users.SecondInstanceAsync(person);
        // Both instances have read (and cached) the profile.
        Assert.Equal("Cached Name", await NameAsync(first));
        Assert.Equal("Cached Name", await NameAsync(second));

        for (var round = 0; round < 20; round++)
        {
            var writer = round % 2 == 0 ? first : second;
            var reader = round % 2 == 0 ? second : first;
            using var patched = await writer.SendAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"name":"Name {{round}}"}""", "application/merge-patch+json", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

            Assert.Equal($"Name {round}", await NameAsync(writer));
            Assert.Equal($"Name {round}", await NameAsync(reader));
        }
    }

    [Fact]
    public async Task A_deleted_user_is_gone_on_the_other_instance_too()
    {
        using var admin = users.As(users.Admin);
        using var otherInstance = await users.SecondInstanceAsync(users.Admin);
        using var created = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "Ephemeral" }, ct: Ct);
        var location = created.Headers.Location!.OriginalString;
        (await otherInstance.GetAsync(location, ct: Ct)).Dispose(); // cached

        using var deleted = await admin.DeleteAsync(location, ct: Ct);
        using var read = await otherInstance.GetAsync(location, ct: Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private static async Task<string> NameAsync(ApiClient api)
    {
        using var response = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ApiClient.ReadJsonAsync(response, Ct)).GetProperty("name").GetString()!;
    }
}
