using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Callers;

/// <summary>
/// Who is calling, as the access token says: the account (none for a service's client-credentials token),
/// whether it is an administrator, and the contact details the token carries. Endpoints take it as a
/// parameter; queries use it through <see cref="CallerQueries.VisibleTo{T}"/>.
/// </summary>
public sealed record Caller(Guid? AccountId, bool IsAdmin, string? Email = null, string? Name = null)
{
    /// <summary>
    /// Whether the account proved it owns <see cref="Email"/> (the token's <c>email_verified</c>); false when the token
    /// does not say. Services that must not act for an unverified address check it; none is forced to.
    /// </summary>
    public bool EmailVerified { get; init; }

    public static Caller From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(TokenClaims.Subject), out var id) ? id : null,
        user.IsInRole(Roles.Admin),
        user.FindFirstValue(TokenClaims.Email),
        user.FindFirstValue(TokenClaims.Name))
    {
        EmailVerified = bool.TryParse(user.FindFirstValue(TokenClaims.EmailVerified), out var verified) && verified,
    };

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter from the authenticated user.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult<Caller?>(From(context.User));

    /// <summary>True when <paramref name="accountId"/> is the caller's own account.</summary>
    public bool Is(Guid accountId) => AccountId == accountId;

    /// <summary>What an owner-only resource allows: its owner, or an administrator.</summary>
    public bool MaySee(Guid ownerId) => IsAdmin || Is(ownerId);
}
