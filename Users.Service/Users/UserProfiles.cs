using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Api;
using ServiceDefaults.Caching;
using ServiceDefaults.Callers;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;
using ServiceDefaults.Validation;
using Users.Service.Accounts;
using Users.Service.Data;

namespace Users.Service.Users;

/// <summary>
/// The operations behind the endpoints, in domain terms (no HTTP here). Who may touch a profile is part of
/// every query: an admin, or the person themself; for anyone else the profile does not exist (404, not 403:
/// existence is not leaked). A caller's own profile is made from their access token on first use. Its address is the
/// account's: it changes only when Identity.Service says so (after the owner proved the new one), and a deleted
/// profile deletes the account (docs/architecture.md, "An account's address and its deletion").
/// </summary>
public sealed class UserProfiles(UsersDb db, IOutbox outbox, TwoLevelCache<CachedUser> cache, TimeProvider clock)
{
    private static readonly Failure NoSuchUser = Failure.NotFound("No such user.");

    private static readonly Failure EmailTaken = Failure.Conflict("The email address is already in use.", "Another user has this email address.");

    public const string EmailChangedAtIdentity =
        "The address is the account's: change it on the account page (/account/change-email), which sends a link to the new address to prove it.";

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

        if (request.ChangesEmailOf(user))
        {
            return Failure.Invalid(errors.Add("email", EmailChangedAtIdentity).ToDictionary());
        }

        var name = request.Name!.Trim();
        if (name == user.Name)
        {
            return new Outcome<User>(user, user.Version);
        }

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
        // The owner's own profile is made first if it never was: deleting it is how they delete their account.
        var user = profile.Value is { } id ? await FindForWriteAsync(id, caller, ct) : null;
        if (user is null)
        {
            return NoSuchUser;
        }

        if (!expected.Allows(user.Version))
        {
            return Failure.Stale;
        }

        // The account goes too (Identity.Service follows UserDeleted); the id stays erased so the profile is not made again.
        db.Users.Remove(user);
        var now = clock.GetUtcNow();
        db.ErasedAccounts.Add(new ErasedAccount { Id = user.Id, ErasedAt = now });
        outbox.Enqueue(new UserDeleted(user.Id, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.ConcurrentChange;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return NoSuchUser; // a concurrent deletion (this request's twin, or the account's) erased it first
        }

        await db.AfterCommitAsync(() => cache.MarkDeletedAsync(CacheKey(user.Id)));
        return new Outcome<User>(user, user.Version);
    }

    /// <summary>
    /// The account's address changed: the profile takes it (made from the event when there is none yet), unless a later
    /// change is already there or the account was deleted. Orders.Service follows through UserUpdated. Throws on a
    /// conflict (a concurrent edit, the address still held by a profile that has not followed its own change yet): the
    /// consumer retries.
    /// </summary>
    public async Task FollowAccountEmailAsync(Guid accountId, string email, string displayName, DateTimeOffset changedAt, CancellationToken ct)
    {
        if (await db.ErasedAccounts.AnyAsync(e => e.Id == accountId, ct))
        {
            return;
        }

        email = TextRules.NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == accountId, ct);
        if (user is null)
        {
            var now = clock.GetUtcNow();
            user = new User { Id = accountId, Email = email, Name = displayName, EmailChangedAt = changedAt, CreatedAt = now, UpdatedAt = now };
            if (await InsertAsync(user, ct) is { } failure)
            {
                throw new InvalidOperationException($"The profile of account {accountId} could not take its new address yet: {failure.Title}");
            }

            return;
        }

        if (user.EmailChangedAt >= changedAt || user.Email == email)
        {
            return;
        }

        user.Email = email;
        user.EmailChangedAt = changedAt;
        user.UpdatedAt = clock.GetUtcNow();
        outbox.Enqueue(new UserUpdated(user.Id, user.Email, user.Name, user.UpdatedAt));
        await db.SaveChangesAsync(ct);
        await db.AfterCommitAsync(() => cache.WriteThroughAsync(CacheKey(user.Id), Cached(user)));
    }

    /// <summary>The account was deleted: so is its profile (Orders.Service follows through UserDeleted), for good.</summary>
    public async Task EraseAsync(Guid accountId, CancellationToken ct)
    {
        if (await db.ErasedAccounts.AnyAsync(e => e.Id == accountId, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.ErasedAccounts.Add(new ErasedAccount { Id = accountId, ErasedAt = now });
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == accountId, ct) is { } user)
        {
            db.Users.Remove(user);
        }

        // Orders.Service may hold the person's name and address without a profile here (an order placed before the first
        // GET /me): it is told either way.
        outbox.Enqueue(new UserDeleted(accountId, now));
        await db.SaveChangesAsync(ct);
        await db.AfterCommitAsync(() => cache.MarkDeletedAsync(CacheKey(accountId)));
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
        if (caller.AccountId is not { } id || caller.Email?.Trim() is not { } email || !TextRules.IsEmailAddress(email)
            || await db.ErasedAccounts.AnyAsync(e => e.Id == id, ct))
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
