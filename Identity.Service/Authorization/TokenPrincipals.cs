using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Identity.Service.Accounts;
using Identity.Service.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Service.Authorization;

/// <summary>
/// What goes into tokens. Access tokens carry <c>sub</c> (the account id), <c>email</c> and <c>email_verified</c>, <c>name</c>,
/// <c>role</c>, <c>scope</c> (space-separated) and <c>aud</c> (the APIs of the granted scopes); the
/// identity token carries profile claims only for the scopes that ask for them.
/// </summary>
public sealed class TokenPrincipals(UserManager<Account> accounts, IOpenIddictScopeManager scopes, TimeProvider clock)
{
    /// <summary>
    /// When the sign-in that started this refresh-token family happened. Kept in authorization codes and
    /// refresh tokens only (no destination), to enforce the family's absolute lifetime.
    /// </summary>
    public const string FamilyCreatedClaim = "family_created";

    /// <param name="sessionId">The cookie session the family comes from (signing out of it revokes the family); kept in codes and refresh tokens only.</param>
    public async Task<ClaimsIdentity> ForAccountAsync(Account account, ImmutableArray<string> grantedScopes, DateTimeOffset familyCreated, Guid? sessionId,
        CancellationToken ct)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Email, account.Email)
            .SetClaim(Claims.EmailVerified, account.EmailConfirmed)
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(FamilyCreatedClaim, familyCreated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .SetClaims(Claims.Role, [.. await accounts.GetRolesAsync(account)]);
        if (sessionId is { } session)
        {
            identity.SetClaim(AccountSessions.SessionIdClaim, session.ToString());
        }

        return await WithScopesAsync(identity, grantedScopes, ct);
    }

    /// <summary>A service calling on its own behalf (client credentials): <c>sub</c> is its client id.</summary>
    public Task<ClaimsIdentity> ForClientAsync(string clientId, ImmutableArray<string> grantedScopes, CancellationToken ct)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, clientId);
        return WithScopesAsync(identity, grantedScopes, ct);
    }

    /// <summary>When the family started, from a code or refresh token (now, for a token issued before the claim existed).</summary>
    public DateTimeOffset FamilyCreated(ClaimsPrincipal principal) =>
        long.TryParse(principal.GetClaim(FamilyCreatedClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : clock.GetUtcNow();

    private async Task<ClaimsIdentity> WithScopesAsync(ClaimsIdentity identity, ImmutableArray<string> grantedScopes, CancellationToken ct)
    {
        identity.SetScopes(grantedScopes);
        identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes(), ct).ToListAsync(ct));
        identity.SetDestinations(DestinationsOf);
        return identity;
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static IEnumerable<string> DestinationsOf(Claim claim) => claim.Type switch
    {
        FamilyCreatedClaim or AccountSessions.SessionIdClaim => [],
        "AspNet.Identity.SecurityStamp" => [],
        Claims.Name when claim.Subject!.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Email or Claims.EmailVerified when claim.Subject!.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Role when claim.Subject!.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
        _ => [Destinations.AccessToken],
    };
}
