using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Callers;
using ServiceDefaults.Idempotency;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;
using Users.Service.Data;

namespace Users.Service.Users;

/// <summary>
/// /api/v1/users: profiles. Admins manage everyone; a user reads and edits their own (as {id} or "me"). The address is
/// the account's (changed at Identity.Service); deleting a profile deletes its account.
/// </summary>
public static class UsersApi
{
    public const string Audience = "users-api";

    private const string Read = "users.read";
    private const string Write = "users.write";
    private const string AdminRead = "users.admin.read";
    private const string AdminWrite = "users.admin.write";

    public static void Policies(AuthorizationBuilder policies) => policies
        .AddScopePolicy(Read, "users.read")
        .AddScopePolicy(Write, "users.write")
        .AddScopePolicy(AdminRead, "users.read", Roles.Admin)
        .AddScopePolicy(AdminWrite, "users.write", Roles.Admin);

    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/v1/users")
            .WithTag("Users", "Profiles: yours at /me (made from your account on first use), anyone's for an admin.")
            .RequireAuthorization()
            .WithApiConventions();

        users.MapGet("/", ListUsers).RequireAuthorization(AdminRead)
            .WithName("ListUsers").WithSummary("List profiles, filtered by email or name prefix, cursor-paged (admin)");
        users.MapPost("/", CreateUser).RequireAuthorization(AdminWrite).WithIdempotency()
            .WithName("CreateUser").WithSummary("Create a profile (admin)");

        // "me" and an id name a profile the same way (ProfileId): one handler each for both routes, named apart.
        foreach (var (profile, whose, suffix) in (ReadOnlySpan<(string, string, string)>)[("/me", "your", "Me"), ("/{id:guid}", "a user's", "")])
        {
            users.MapGet(profile, GetUser).RequireAuthorization(Read).ProducesReadOutcomes()
                .WithName($"GetUser{suffix}").WithSummary($"Read {whose} profile");
            users.MapPut(profile, ReplaceUser).RequireAuthorization(Write).ProducesChangeOutcomes()
                .WithName($"ReplaceUser{suffix}").WithSummary($"Replace {whose} profile (the email stays the account's; If-Match)");
            users.MapPatch(profile, PatchUser).Accepts<UserRequest>(UserMergePatch.MediaType).RequireAuthorization(Write).ProducesChangeOutcomes()
                .WithName($"PatchUser{suffix}").WithSummary($"Change {whose} profile with a JSON merge patch (If-Match)");
            users.MapDelete(profile, DeleteUser).RequireAuthorization(Write).ProducesChangeOutcomes()
                .WithName($"DeleteUser{suffix}").WithSummary($"Delete {whose} profile, and with it the account");
        }

        return users;
    }

    /// <summary>Keyset pagination by id; prefix filters on email and name (case-insensitive).</summary>
    private static async Task<Ok<CursorPage<UserResponse>>> ListUsers([AsParameters] ListUsersQuery query, UsersDb db, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        if (query.EmailPrefix is { } emailPrefix)
        {
            var prefix = TextRules.NormalizeEmail(emailPrefix);
            users = users.Where(u => u.Email.StartsWith(prefix));
        }

        if (query.NamePrefix is { } namePrefix)
        {
            var prefix = namePrefix.Trim().ToLowerInvariant();
            users = users.Where(u => EF.Property<string>(u, "NameLower").StartsWith(prefix));
        }

        if (query.After is { } after)
        {
            users = users.Where(u => u.Id.CompareTo(after.Id) > 0);
        }

        var rows = await users.OrderBy(u => u.Id).Take(query.PageSize + 1).ToListAsync(ct);
        return TypedResults.Ok(query.ToPage(rows, u => new UserCursor(u.Id), UserResponse.From));
    }

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult, ValidationProblem>> CreateUser(
        UserRequest body, UserProfiles profiles, HttpContext http) =>
        (await profiles.CreateAsync(body, http.RequestAborted))
            .ToCreatedResult(http, user => $"/api/v1/users/{user.Id}", UserResponse.From);

    private static async Task<Results<Ok<UserResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetUser(
        ProfileId profile, Caller caller, UserProfiles profiles, HttpContext http) =>
        (await profiles.ReadAsync(profile, caller, http.RequestAborted)).ToReadResult(http, user => user);

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> ReplaceUser(
        ProfileId profile, UserRequest body, Caller caller, UserProfiles profiles, HttpContext http) =>
        (await profiles.UpdateAsync(profile, caller, ETags.Expected(http.Request), (_, _) => body, http.RequestAborted))
            .ToChangedResult(http, UserResponse.From);

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> PatchUser(
        ProfileId profile, JsonElement patch, Caller caller, UserProfiles profiles, HttpContext http) =>
        (await profiles.UpdateAsync(profile, caller, ETags.Expected(http.Request),
            (current, errors) => UserMergePatch.Apply(patch, current, errors), http.RequestAborted))
            .ToChangedResult(http, UserResponse.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUser(
        ProfileId profile, Caller caller, UserProfiles profiles, HttpContext http) =>
        (await profiles.DeleteAsync(profile, caller, ETags.Expected(http.Request), http.RequestAborted)).ToDeletedResult(http);
}
