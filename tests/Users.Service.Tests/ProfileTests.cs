using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

/// <summary>Reading and changing profiles: who may, and what every status code means.</summary>
public sealed class ProfileTests(UsersFixture users)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_account_gets_its_profile_from_its_token_at_once()
    {
        var fresh = await TestAccounts.RegisterAsync(users.Identity, "Émilie du Châtelet 🔭", ct: Ct);
        using var api = users.As(fresh);

        using var response = await api.GetAsync("/api/v1/users/me", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.Equal(fresh.Id.ToString(), me.GetProperty("id").GetString());
        Assert.Equal(fresh.Email, me.GetProperty("email").GetString());
        Assert.Equal("Émilie du Châtelet 🔭", me.GetProperty("name").GetString());
        Assert.True(me.TryGetProperty("created_at", out _));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task A_user_reads_themself_by_id_but_another_user_gets_404_and_an_admin_gets_200()
    {
        using var alice = users.As(users.Alice);
        using var bob = users.As(users.Bob);
        using var admin = users.As(users.Admin);
        (await alice.GetAsync("/api/v1/users/me", ct: Ct)).Dispose(); // make sure the profile exists
        var path = $"/api/v1/users/{users.Alice.Id}";

        using var self = await alice.GetAsync(path, ct: Ct);
        using var other = await bob.GetAsync(path, ct: Ct);
        using var byAdmin = await admin.GetAsync(path, ct: Ct);
        using var unknown = await admin.GetAsync($"/api/v1/users/{Guid.NewGuid()}", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.NotFound, Ct); // not 403: that would confirm the user exists
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task An_id_that_is_not_a_uuid_is_404()
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.GetAsync("/api/v1/users/not-a-uuid", ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task Only_admins_list_and_create_users()
    {
        using var alice = users.As(users.Alice);

        using var list = await alice.GetAsync("/api/v1/users", ct: Ct);
        using var create = await alice.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "X" }, ct: Ct);

        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.Forbidden, Ct);
    }

    [Fact]
    public async Task Without_a_token_every_endpoint_is_401()
    {
        using var anonymous = users.Anonymous();

        using var me = await anonymous.GetAsync("/api/v1/users/me", ct: Ct);
        using var list = await anonymous.GetAsync("/api/v1/users", ct: Ct);

        await ProblemAssert.IsProblemAsync(me, HttpStatusCode.Unauthorized, Ct);
        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Unauthorized, Ct);
    }

    [Fact]
    public async Task An_admin_creates_a_user_201_with_location_and_etag_and_the_email_normalised()
    {
        using var admin = users.As(users.Admin);
        var email = TestAccounts.NewEmail("Created");

        using var created = await admin.PostAsync("/api/v1/users", new { email = $"  {email.ToUpperInvariant()} ", name = "  Ada  " }, ct: Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ApiClient.ReadJsonAsync(created, Ct);
        Assert.Equal(email.ToLowerInvariant(), body.GetProperty("email").GetString());
        Assert.Equal("Ada", body.GetProperty("name").GetString());
        Assert.Equal($"/api/v1/users/{body.GetProperty("id").GetString()}", created.Headers.Location?.OriginalString);
        using var fetched = await admin.GetAsync(created.Headers.Location!.OriginalString, ct: Ct);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(created.Headers.ETag, fetched.Headers.ETag);
    }

    [Fact]
    public async Task A_duplicate_email_is_409_whatever_its_case()
    {
        using var admin = users.As(users.Admin);
        var email = TestAccounts.NewEmail("dup");
        using var first = await admin.PostAsync("/api/v1/users", new { email, name = "First" }, ct: Ct);

        using var second = await admin.PostAsync("/api/v1/users", new { email = email.ToUpperInvariant(), name = "Second" }, ct: Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict, Ct);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","name":"X"}""", "email")]
    [InlineData("""{"email":"a@b.co","name":""}""", "name")]
    [InlineData("""{"email":"a@b.co","name":"   "}""", "name")]
    [InlineData("""{"email":"a@b.co"}""", "name")]
    [InlineData("""{"name":"X"}""", "email")]
    [InlineData("""{"email":"a@b.co","name":"\u0000null"}""", "name")]
    public async Task Invalid_fields_are_400_with_errors_keyed_by_field(string body, string field)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", body, ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Names_count_characters_as_people_do_100_emoji_fit_101_do_not()
    {
        using var admin = users.As(users.Admin);
        var hundred = string.Concat(Enumerable.Repeat("👩‍👩‍👧", 100)); // 100 characters, 800 UTF-16 units

        using var fits = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = hundred }, ct: Ct);
        using var tooLong = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = hundred + "x" }, ct: Ct);
        using var longEmail = await admin.PostAsync("/api/v1/users", new { email = new string('a', 64) + "@" + new string('b', 187) + ".com", name = "X" }, ct: Ct);

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(hundred, (await ApiClient.ReadJsonAsync(fits, Ct)).GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest, Ct);
        await ProblemAssert.IsProblemAsync(longEmail, HttpStatusCode.BadRequest, Ct);
    }

    [Theory]
    [InlineData("""{"email":"a@b.co","name":"X","id":"00000000-0000-0000-0000-000000000001"}""", "id")]
    [InlineData("""{"email":"a@b.co","name":"X","created_at":"2000-01-01T00:00:00Z"}""", "created_at")]
    [InlineData("""{"email":"a@b.co","name":"X","role":"admin"}""", "role")]
    public async Task Fields_a_client_may_not_set_are_refused_not_applied(string body, string field)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", body, ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"email":"a@b.co","name":""", "application/json")]
    [InlineData("""{"email":"a@b.co","name":"X"}}""", "application/json")]
    [InlineData("""{"email":"a@b.co","name":5}""", "application/json")]
    [InlineData("""{"email":"a@b.co","name":"X","name":"Y"}""", "application/json")]
    [InlineData("""{"email":"a@b.co","name":"\ud800"}""", "application/json")]
    public async Task Malformed_json_is_400_problem(string body, string contentType)
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", body, contentType, ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task A_deeply_nested_body_is_400_not_a_crash()
    {
        using var admin = users.As(users.Admin);
        var nested = new string('[', 5000) + new string(']', 5000);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", $$"""{"email":"a@b.co","name":{{nested}}}""", ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task The_wrong_content_type_is_415()
    {
        using var admin = users.As(users.Admin);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", "email=a@b.co&name=X", "application/x-www-form-urlencoded", ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, Ct);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        using var admin = users.As(users.Admin);
        var body = $$"""{"email":"a@b.co","name":"{{new string('x', 70 * 1024)}}"}""";

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", body, ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, Ct);
    }

    [Fact]
    public async Task Put_replaces_and_patch_merges_and_both_return_the_new_etag()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, "Before", ct: Ct);
        using var api = users.As(person);

        using var put = await api.SendAsync(HttpMethod.Put, "/api/v1/users/me", $$"""{"email":"{{person.Email.ToUpperInvariant()}}","name":"After Put"}""", ct: Ct);
        using var patch = await api.SendAsync(HttpMethod.Patch, $"/api/v1/users/{person.Id}", """{"name":"After Patch"}""", "application/merge-patch+json", ct: Ct);
        using var read = await api.GetAsync("/api/v1/users/me", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.NotEqual(put.Headers.ETag, patch.Headers.ETag);
        var me = await ApiClient.ReadJsonAsync(read, Ct);
        Assert.Equal("After Patch", me.GetProperty("name").GetString());
        Assert.Equal(person.Email, me.GetProperty("email").GetString());
        Assert.Equal(patch.Headers.ETag, read.Headers.ETag);
    }

    [Fact]
    public async Task The_address_cannot_be_changed_through_the_profile_it_is_the_accounts()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, "Squatter", ct: Ct);
        using var api = users.As(person);
        var someoneElses = TestAccounts.NewEmail("victim");

        using var put = await api.SendAsync(HttpMethod.Put, "/api/v1/users/me", $$"""{"email":"{{someoneElses}}","name":"Squatter"}""", ct: Ct);
        using var patch = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"email":"{{someoneElses}}"}""", "application/merge-patch+json", ct: Ct);
        using var read = await api.GetAsync("/api/v1/users/me", ct: Ct);

        foreach (var refused in new[] { put, patch })
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, Ct);
            Assert.Contains("/account/change-email", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(person.Email, (await ApiClient.ReadJsonAsync(read, Ct)).GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"email":null}""", "email")]
    [InlineData("""{"id":"x"}""", "id")]
    [InlineData("""{"name":7}""", "name")]
    public async Task A_merge_patch_that_removes_or_sets_what_it_may_not_is_400(string patch, string field)
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, ct: Ct);
        using var api = users.As(person);

        using var response = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", patch, "application/merge-patch+json", ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Another_user_cannot_change_or_delete_my_profile()
    {
        using var alice = users.As(users.Alice);
        using var bob = users.As(users.Bob);
        (await alice.GetAsync("/api/v1/users/me", ct: Ct)).Dispose();
        var path = $"/api/v1/users/{users.Alice.Id}";

        using var put = await bob.SendAsync(HttpMethod.Put, path, $$"""{"email":"{{TestAccounts.NewEmail()}}","name":"Pwned"}""", ct: Ct);
        using var patch = await bob.SendAsync(HttpMethod.Patch, path, """{"name":"Pwned"}""", "application/merge-patch+json", ct: Ct);
        using var delete = await bob.DeleteAsync(path, ct: Ct);
        using var after = await alice.GetAsync("/api/v1/users/me", ct: Ct);

        await ProblemAssert.IsProblemAsync(put, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(patch, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.NotFound, Ct);
        Assert.Equal("Alice Liddell", (await ApiClient.ReadJsonAsync(after, Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_is_304_and_a_stale_if_match_is_412()
    {
        var person = await TestAccounts.RegisterAsync(users.Identity, ct: Ct);
        using var api = users.As(person);
        using var first = await api.GetAsync("/api/v1/users/me", ct: Ct);
        var etag = first.Headers.ETag!.ToString();

        using var notModified = await api.GetAsync("/api/v1/users/me", ("If-None-Match", etag), Ct);
        using var changed = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Changed"}""", "application/merge-patch+json",
            [("If-Match", etag)], Ct);
        using var stale = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Lost update"}""", "application/merge-patch+json",
            [("If-Match", etag)], Ct);
        using var staleDelete = await api.DeleteAsync("/api/v1/users/me", ("If-Match", etag), Ct);
        using var modified = await api.GetAsync("/api/v1/users/me", ("If-None-Match", etag), Ct);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed, Ct);
        await ProblemAssert.IsProblemAsync(staleDelete, HttpStatusCode.PreconditionFailed, Ct);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal("Changed", (await ApiClient.ReadJsonAsync(modified, Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Delete_is_204_and_the_profile_is_gone_for_an_admin_too()
    {
        using var admin = users.As(users.Admin);
        using var created = await admin.PostAsync("/api/v1/users", new { email = TestAccounts.NewEmail(), name = "Short-lived" }, ct: Ct);
        var location = created.Headers.Location!.OriginalString;
        using var read = await admin.GetAsync(location, ct: Ct); // cached now

        using var deleted = await admin.DeleteAsync(location, ct: Ct);
        using var after = await admin.GetAsync(location, ct: Ct);
        using var again = await admin.DeleteAsync(location, ct: Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(after, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound, Ct);
    }
}
