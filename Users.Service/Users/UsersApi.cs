using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Idempotency;
using ServiceDefaults.Pagination;
using ServiceDefaults.Problems;
using ServiceDefaults.Validation;
using Users.Service.Data;

namespace Users.Service.Users;

/// <summary>/api/v1/users: profiles. Admins manage everyone; a user reads and edits their own (as {id} or "me").</summary>
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
            .WithTags("Users")
            .RequireAuthorization()
            .WithApiConventions();

        users.MapGet("/", ListUsers).RequireAuthorization(AdminRead);
        users.MapPost("/", CreateUser).RequireAuthorization(AdminWrite).WithIdempotency();

        users.MapGet("/me", (ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) => GetUser(profiles.CallerId(caller), caller, profiles, http))
            .RequireAuthorization(Read);
        users.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) => GetUser(id, caller, profiles, http))
            .RequireAuthorization(Read);

        users.MapPut("/me", (UserRequest body, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            ReplaceUser(profiles.CallerId(caller), body, caller, profiles, http)).RequireAuthorization(Write);
        users.MapPut("/{id:guid}", (Guid id, UserRequest body, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            ReplaceUser(id, body, caller, profiles, http)).RequireAuthorization(Write);

        users.MapPatch("/me", (JsonElement patch, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            PatchUser(profiles.CallerId(caller), patch, caller, profiles, http))
            .Accepts<UserRequest>(UserMergePatch.MediaType).RequireAuthorization(Write);
        users.MapPatch("/{id:guid}", (Guid id, JsonElement patch, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            PatchUser(id, patch, caller, profiles, http))
            .Accepts<UserRequest>(UserMergePatch.MediaType).RequireAuthorization(Write);

        users.MapDelete("/me", (ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            DeleteUser(profiles.CallerId(caller), caller, profiles, http)).RequireAuthorization(Write);
        users.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
            DeleteUser(id, caller, profiles, http)).RequireAuthorization(Write);

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

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUser(UserRequest body, UserProfiles profiles, HttpContext http)
    {
        var (user, problem) = await profiles.CreateAsync(body, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        ETags.Set(http.Response, ETags.For(user!.Version));
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetUser(
        Guid? id, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http)
    {
        var found = id is { } userId ? await profiles.ReadAsync(userId, caller, http.RequestAborted) : null;
        if (found is null)
        {
            return ApiProblems.NotFound("No such user.");
        }

        var etag = ETags.For(found.Version);
        ETags.Set(http.Response, etag);
        return ETags.ClientHasCurrent(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(found.User);
    }

    private static Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> ReplaceUser(
        Guid? id, UserRequest body, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
        profiles.UpdateAsync(id, caller, http, (_, _) => body);

    private static Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> PatchUser(
        Guid? id, JsonElement patch, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http) =>
        profiles.UpdateAsync(id, caller, http, (current, errors) => UserMergePatch.Apply(patch, current, errors));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUser(
        Guid? id, ClaimsPrincipal caller, UserProfiles profiles, HttpContext http)
    {
        var problem = await profiles.DeleteAsync(id, caller, http);
        return problem is null ? TypedResults.NoContent() : problem;
    }
}
