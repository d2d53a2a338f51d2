using System.Net;
using Backend.Testing;

namespace Users.Service.Tests;

/// <summary>Real answers of the profile API, each checked against the committed API document clients are generated from.</summary>
public sealed class DocumentedResponsesTests(UsersFixture users)
{
    private const string MergePatch = "application/merge-patch+json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_answer_of_the_profile_api_is_one_its_document_lists()
    {
        var document = ApiDocument.Load("users");
        var person = await TestAccounts.RegisterAsync(users.Identity, "Documented Person", ct: Ct);
        using var api = users.As(person);
        using var anonymous = users.Anonymous();
        using var read = await api.GetAsync("/api/v1/users/me", ct: Ct);
        var etag = read.Headers.ETag!.ToString();

        (HttpMethod, string, HttpStatusCode, HttpResponseMessage)[] answers =
        [
            (HttpMethod.Get, "/api/v1/users/me", HttpStatusCode.OK, read),
            (HttpMethod.Get, "/api/v1/users/me", HttpStatusCode.NotModified, await api.GetAsync("/api/v1/users/me", ("If-None-Match", etag), Ct)),
            (HttpMethod.Get, "/api/v1/users/{id}", HttpStatusCode.NotFound, await api.GetAsync($"/api/v1/users/{Guid.NewGuid()}", ct: Ct)),
            (HttpMethod.Get, "/api/v1/users/me", HttpStatusCode.Unauthorized, await anonymous.GetAsync("/api/v1/users/me", ct: Ct)),
            (HttpMethod.Get, "/api/v1/users", HttpStatusCode.Forbidden, await api.GetAsync("/api/v1/users", ct: Ct)),
            (HttpMethod.Patch, "/api/v1/users/me", HttpStatusCode.BadRequest, await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":""}""", MergePatch, ct: Ct)),
            (HttpMethod.Patch, "/api/v1/users/me", HttpStatusCode.OK,
                await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Documented Again"}""", MergePatch, [("If-Match", etag)], Ct)),
            (HttpMethod.Put, "/api/v1/users/me", HttpStatusCode.PreconditionFailed,
                await api.SendAsync(HttpMethod.Put, "/api/v1/users/me", $$"""{"email":"{{person.Email}}","name":"Lost update"}""", headers: [("If-Match", etag)], ct: Ct)),
            (HttpMethod.Delete, "/api/v1/users/me", HttpStatusCode.NoContent, await api.DeleteAsync("/api/v1/users/me", ct: Ct)),
        ];

        foreach (var (method, template, expected, response) in answers)
        {
            using (response)
            {
                Assert.Equal(expected, response.StatusCode);
                await document.AssertDocumentsAsync(method, template, response, Ct);
            }
        }
    }
}
