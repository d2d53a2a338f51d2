using System.Security.Claims;
using Identity.Service.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Identity.Service.Sessions;

/// <summary>
/// Which refresh tokens belong to which cookie session, and their revocation: all of an account's (a password reset or
/// change, "sign out everywhere"), or one session's (signing out).
/// </summary>
public sealed class AccountSessions(IdentityDb db, IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider clock)
{
    /// <summary>The cookie session's id, in the session cookie's properties; set once at sign-in.</summary>
    public const string SessionIdItem = "session_id";

    /// <summary>The same id, carried in codes and refresh tokens only (never in access or identity tokens).</summary>
    public const string SessionIdClaim = "session_id";

    /// <summary>The session id of an authenticated cookie session, if it has one (sessions from before this existed have none).</summary>
    public static Guid? SessionIdOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(SessionIdItem, out var value) == true && Guid.TryParse(value, out var id) ? id : null;

    public static Guid? SessionIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.GetClaim(SessionIdClaim), out var id) ? id : null;

    /// <summary>Remembers that a code redeemed by a client came from this session (once per authorization).</summary>
    public async Task RecordAsync(Guid sessionId, Guid accountId, string authorizationId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO session_grants (session_id, authorization_id, account_id, created_at)
            VALUES ({sessionId}, {authorizationId}, {accountId}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
    }

    /// <summary>Every token and authorization of the account stops working: no refresh token of it is accepted again.</summary>
    public async Task RevokeAllAsync(Guid accountId, CancellationToken ct)
    {
        var subject = accountId.ToString();
        await authorizations.RevokeBySubjectAsync(subject, ct);
        await tokens.RevokeBySubjectAsync(subject, ct);
        await db.SessionGrants.Where(g => g.AccountId == accountId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The tokens given to clients from this cookie session stop working; other sessions keep theirs.</summary>
    public async Task RevokeSessionAsync(Guid sessionId, CancellationToken ct)
    {
        var granted = await db.SessionGrants.Where(g => g.SessionId == sessionId).Select(g => g.AuthorizationId).ToListAsync(ct);
        foreach (var authorizationId in granted)
        {
            await tokens.RevokeByAuthorizationIdAsync(authorizationId, ct);
            if (await authorizations.FindByIdAsync(authorizationId, ct) is { } authorization)
            {
                await authorizations.TryRevokeAsync(authorization, ct);
            }
        }

        await db.SessionGrants.Where(g => g.SessionId == sessionId).ExecuteDeleteAsync(ct);
    }
}
