using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;
using ServiceDefaults.Problems;
using ServiceDefaults.Validation;
using Users.Service.Data;

namespace Users.Service.Users;

/// <summary>
/// The operations behind the endpoints. Who may touch a profile is part of every query: an admin, or the
/// person themself; for anyone else the profile does not exist (404, not 403: existence is not leaked).
/// </summary>
public sealed class UserProfiles(UsersDb db, IOutbox outbox, UserCache cache, TimeProvider clock)
{
    /// <summary>The caller's own profile id, if their <c>sub</c> is an account id.</summary>
    public Guid? CallerId(ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirstValue(TokenClaims.Subject), out var id) ? id : null;

    private IQueryable<User> Visible(ClaimsPrincipal caller)
    {
        var admin = caller.IsAdmin();
        var self = CallerId(caller);
        return db.Users.Where(u => admin || u.Id == self);
    }

    public async Task<CachedUser?> ReadAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!caller.IsAdmin() && CallerId(caller) != id)
        {
            return null;
        }

        var (hit, cached) = await cache.GetAsync(id);
        if (cached is not null)
        {
            return cached;
        }

        // A miss reads PostgreSQL; a tombstone (deleted) does not, but the caller's own profile is made anew.
        var user = hit ? null : await Visible(caller).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is not null)
        {
            await cache.FillAsync(user);
        }
        else if (CallerId(caller) == id)
        {
            user = await CreateFromTokenAsync(caller, ct);
        }

        return user is null ? null : new CachedUser(UserResponse.From(user), user.Version);
    }

    public async Task<(User? User, ProblemHttpResult? Problem)> CreateAsync(UserRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            Email = TextRules.NormalizeEmail(request.Email!),
            Name = request.Name!.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await InsertAsync(user, ct) is { } problem ? (null, problem) : (user, null);
    }

    public async Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        Guid? id, ClaimsPrincipal caller, HttpContext http, Func<User, ValidationErrors, UserRequest> change)
    {
        var ct = http.RequestAborted;
        var user = id is { } userId ? await FindForWriteAsync(userId, caller, ct) : null;
        if (user is null)
        {
            return ApiProblems.NotFound("No such user.");
        }

        if (ETags.PreconditionFails(http.Request, ETags.For(user.Version)))
        {
            return ApiProblems.PreconditionFailed();
        }

        var errors = new ValidationErrors();
        var request = change(user, errors);
        if (errors.IsEmpty)
        {
            request.Validate(errors);
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some fields are invalid.");
        }

        var email = TextRules.NormalizeEmail(request.Email!);
        var name = request.Name!.Trim();
        if (email != user.Email || name != user.Name)
        {
            user.Email = email;
            user.Name = name;
            user.UpdatedAt = clock.GetUtcNow();
            outbox.Enqueue(new UserUpdated(user.Id, user.Email, user.Name, user.UpdatedAt));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return http.Request.Headers.IfMatch.Count > 0 ? ApiProblems.PreconditionFailed() : ApiProblems.ConcurrentUpdate();
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation(UsersDb.EmailUniqueIndex))
            {
                return EmailTaken();
            }

            await cache.WriteThroughAsync(user);
        }

        ETags.Set(http.Response, ETags.For(user.Version));
        return TypedResults.Ok(UserResponse.From(user));
    }

    public async Task<ProblemHttpResult?> DeleteAsync(Guid? id, ClaimsPrincipal caller, HttpContext http)
    {
        var ct = http.RequestAborted;
        var user = id is { } userId ? await Visible(caller).SingleOrDefaultAsync(u => u.Id == userId, ct) : null;
        if (user is null)
        {
            return ApiProblems.NotFound("No such user.");
        }

        if (ETags.PreconditionFails(http.Request, ETags.For(user.Version)))
        {
            return ApiProblems.PreconditionFailed();
        }

        db.Users.Remove(user);
        outbox.Enqueue(new UserDeleted(user.Id, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return http.Request.Headers.IfMatch.Count > 0 ? ApiProblems.PreconditionFailed() : ApiProblems.ConcurrentUpdate();
        }

        await cache.MarkDeletedAsync(user.Id);
        return null;
    }

    /// <summary>Tracked, for an update; the caller's own profile is created on first use.</summary>
    private async Task<User?> FindForWriteAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct) =>
        await Visible(caller).SingleOrDefaultAsync(u => u.Id == id, ct)
        ?? (CallerId(caller) == id && await CreateFromTokenAsync(caller, ct) is not null
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct)
            : null);

    /// <summary>
    /// A new account has no profile yet: make it from the access token's claims (email, name), so that
    /// GET /me works at once after registration. Two first requests racing both end with the same row.
    /// </summary>
    private async Task<User?> CreateFromTokenAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (CallerId(caller) is not { } id
            || caller.FindFirstValue(TokenClaims.Email) is not { } email || !TextRules.IsEmailAddress(email.Trim()))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var name = caller.FindFirstValue(TokenClaims.Name)?.Trim();
        var user = new User
        {
            Id = id,
            Email = TextRules.NormalizeEmail(email),
            Name = string.IsNullOrWhiteSpace(name) ? email.Trim() : name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (await InsertAsync(user, ct) is null)
        {
            return user;
        }

        db.ChangeTracker.Clear();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct); // the racing request won
    }

    private async Task<ProblemHttpResult?> InsertAsync(User user, CancellationToken ct)
    {
        db.Users.Add(user);
        outbox.Enqueue(new UserCreated(user.Id, user.Email, user.Name, user.CreatedAt));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(UsersDb.EmailUniqueIndex))
        {
            db.ChangeTracker.Clear();
            return EmailTaken();
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ApiProblems.Conflict("The user already exists.");
        }

        await cache.WriteThroughAsync(user);
        return null;
    }

    private static ProblemHttpResult EmailTaken() =>
        ApiProblems.Conflict("The email address is already in use.", "Another user has this email address.");
}
