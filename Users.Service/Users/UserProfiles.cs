using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Api;
using ServiceDefaults.Caching;
using ServiceDefaults.Callers;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;
using ServiceDefaults.Validation;
using Users.Service.Data;

namespace Users.Service.Users;

/// <summary>
/// The operations behind the endpoints, in domain terms (no HTTP here). Who may touch a profile is part of
/// every query: an admin, or the person themself; for anyone else the profile does not exist (404, not 403:
/// existence is not leaked). A caller's own profile is made from their access token on first use.
/// </summary>
public sealed class UserProfiles(UsersDb db, IOutbox outbox, TwoLevelCache<CachedUser> cache, TimeProvider clock)
{
    private static readonly Failure NoSuchUser = Failure.NotFound("No such user.");

    private static readonly Failure EmailTaken = Failure.Conflict("The email address is already in use.", "Another user has this email address.");

    public async Task<Outcome<UserResponse>> ReadAsync(ProfileId profile, Caller caller, CancellationToken ct)
    {
        if (profile.Value is not { } id || !caller.MaySee(id))
        {
            return NoSuchUser;
        }

        var (hit, cached) = await cache.GetAsync(CacheKey(id));
        if (cached is not null)
        {
            return new Outcome<UserResponse>(cached.User, cached.Version);
        }

        // A miss reads PostgreSQL; a tombstone (deleted) does not, but the caller's own profile is made anew.
        var user = hit ? null : await db.Users.VisibleTo(caller, User.Owner).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is not null)
        {
            await cache.FillAsync(CacheKey(user.Id), Cached(user));
        }
        else if (caller.Is(id))
        {
            user = await CreateFromTokenAsync(caller, ct);
        }

        return user is null ? NoSuchUser : new Outcome<UserResponse>(UserResponse.From(user), user.Version);
    }

    public async Task<Outcome<User>> CreateAsync(UserRequest request, CancellationToken ct)
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
        if (await InsertAsync(user, ct) is { } failure)
        {
            return failure;
        }

        return new Outcome<User>(user, user.Version);
    }

    /// <summary>Replaces the profile with what <paramref name="change"/> makes of it (a PUT's body, or a merge patch applied).</summary>
    public async Task<Outcome<User>> UpdateAsync(ProfileId profile, Caller caller, ExpectedVersion expected,
        Func<User, ValidationErrors, UserRequest> change, CancellationToken ct)
    {
        var user = profile.Value is { } id ? await FindForWriteAsync(id, caller, ct) : null;
        if (user is null)
        {
            return NoSuchUser;
        }

        if (!expected.Allows(user.Version))
        {
            return Failure.Stale;
        }

        var errors = new ValidationErrors();
        var request = change(user, errors);
        if (errors.IsEmpty)
        {
            request.Validate(errors);
        }

        if (!errors.IsEmpty)
        {
            return Failure.Invalid(errors.ToDictionary());
        }

        var email = TextRules.NormalizeEmail(request.Email!);
        var name = request.Name!.Trim();
        if (email == user.Email && name == user.Name)
        {
            return new Outcome<User>(user, user.Version);
        }

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
            return Failure.ConcurrentChange;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(UsersDb.EmailUniqueIndex))
        {
            return EmailTaken;
        }

        await db.AfterCommitAsync(() => cache.WriteThroughAsync(CacheKey(user.Id), Cached(user)));
        return new Outcome<User>(user, user.Version);
    }

    public async Task<Outcome<User>> DeleteAsync(ProfileId profile, Caller caller, ExpectedVersion expected, CancellationToken ct)
    {
        var user = profile.Value is { } id ? await db.Users.VisibleTo(caller, User.Owner).SingleOrDefaultAsync(u => u.Id == id, ct) : null;
        if (user is null)
        {
            return NoSuchUser;
        }

        if (!expected.Allows(user.Version))
        {
            return Failure.Stale;
        }

        db.Users.Remove(user);
        outbox.Enqueue(new UserDeleted(user.Id, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.ConcurrentChange;
        }

        await db.AfterCommitAsync(() => cache.MarkDeletedAsync(CacheKey(user.Id)));
        return new Outcome<User>(user, user.Version);
    }

    /// <summary>The profiles' cache, named "users": Redis keys users:v1:{id without dashes}.</summary>
    public const string CacheName = "users";

    private static string CacheKey(Guid id) => id.ToString("N");

    private static CachedUser Cached(User user) => new(UserResponse.From(user), user.Version);

    /// <summary>Tracked, for an update; the caller's own profile is created on first use.</summary>
    private async Task<User?> FindForWriteAsync(Guid id, Caller caller, CancellationToken ct) =>
        await db.Users.VisibleTo(caller, User.Owner).SingleOrDefaultAsync(u => u.Id == id, ct)
        ?? (caller.Is(id) && await CreateFromTokenAsync(caller, ct) is not null
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct)
            : null);

    /// <summary>
    /// A new account has no profile yet: make it from the access token's claims (email, name), so that
    /// GET /me works at once after registration. Two first requests racing both end with the same row.
    /// </summary>
    private async Task<User?> CreateFromTokenAsync(Caller caller, CancellationToken ct)
    {
        if (caller.AccountId is not { } id || caller.Email?.Trim() is not { } email || !TextRules.IsEmailAddress(email))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var name = caller.Name?.Trim();
        var user = new User
        {
            Id = id,
            Email = TextRules.NormalizeEmail(email),
            Name = string.IsNullOrWhiteSpace(name) ? email : name,
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

    /// <summary>Inserts a profile with its UserCreated event; null when done, else why not.</summary>
    private async Task<Failure?> InsertAsync(User user, CancellationToken ct)
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
            return EmailTaken;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict("The user already exists.");
        }

        await db.AfterCommitAsync(() => cache.WriteThroughAsync(CacheKey(user.Id), Cached(user)));
        return null;
    }
}
