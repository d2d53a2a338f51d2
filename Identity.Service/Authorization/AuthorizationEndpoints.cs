using System.Security.Claims;
using Identity.Service.Accounts;
using Identity.Service.Sessions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Service.Authorization;

/// <summary>
/// The pass-through handlers of the OpenID Connect endpoints. OpenIddict has already validated the
/// request (client, redirect URI, PKCE, scopes, grant) when these run; they decide who the user is
/// and what goes into the tokens.
/// </summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(AuthorizationServerPaths.Authorize, [HttpMethods.Get, HttpMethods.Post], Authorize).ExcludeFromDescription();
        routes.MapPost(AuthorizationServerPaths.Token, Exchange).ExcludeFromDescription().DisableAntiforgery();
        routes.MapMethods(AuthorizationServerPaths.UserInfo, [HttpMethods.Get, HttpMethods.Post], UserInfo).ExcludeFromDescription().DisableAntiforgery();
        routes.MapMethods(AuthorizationServerPaths.EndSession, [HttpMethods.Get, HttpMethods.Post], EndSession).ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    /// <summary>
    /// Authorization code + PKCE: a signed-in user (cookie session of this service) gets a code at once
    /// (first-party clients, no consent); anyone else is sent to the sign-in page and back here.
    /// </summary>
    private static async Task<IResult> Authorize(HttpContext http, UserManager<Account> accounts, SignInManager<Account> signIn,
        TokenPrincipals principals, TimeProvider clock)
    {
        if (LocalError(http) is { } error)
        {
            return error;
        }

        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var account = session.Succeeded ? await accounts.GetUserAsync(session.Principal) : null;

        var mustSignIn = account is null
            || request.HasPromptValue(PromptValues.Login)
            || (request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } issued && clock.GetUtcNow() - issued > TimeSpan.FromSeconds(maxAge));
        if (mustSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            // Come back to this same request once signed in (without prompt=login, or it would loop).
            var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
            parameters.RemoveAll(p => p.Key == Parameters.Prompt);
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        if (!await signIn.CanSignInAsync(account!))
        {
            return Forbid(Errors.AccessDenied, "This account cannot sign in.");
        }

        var identity = await principals.ForAccountAsync(account!, request.GetScopes(), clock.GetUtcNow(), AccountSessions.SessionIdOf(session.Properties), http.RequestAborted);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The token endpoint: client credentials, authorization code and refresh token grants.</summary>
    private static async Task<IResult> Exchange(HttpContext http, UserManager<Account> accounts, SignInManager<Account> signIn,
        TokenPrincipals principals, AccountSessions sessions, IOptions<TokenLifetimeOptions> lifetimes, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var ct = http.RequestAborted;

        if (request.IsClientCredentialsGrantType())
        {
            var client = await principals.ForClientAsync(request.ClientId!, request.GetScopes(), ct);
            return Results.SignIn(new ClaimsPrincipal(client), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
        }

        // The code or refresh token, already validated by OpenIddict (signature, expiry, redemption, client binding).
        var presented = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var account = await AccountOfAsync(accounts, presented);
        // No lockout check: failed password attempts (anyone's) never end the owner's established sessions.
        if (presented is null || account is null || !await signIn.CanSignInAsync(account))
        {
            return Forbid(Errors.InvalidGrant, "The account no longer exists or cannot sign in.");
        }

        // Rotation slides each refresh token's lifetime; the family as a whole ends a fixed time after sign-in.
        var familyCreated = principals.FamilyCreated(presented);
        if (RefreshTokenLifetime.ForNewToken(familyCreated, clock.GetUtcNow(), lifetimes.Value) is not { } refreshTokenLifetime)
        {
            return Forbid(Errors.InvalidGrant, "The session has expired; sign in again.");
        }

        // Fresh claims (a renamed account, a changed role) with the scopes granted at sign-in.
        var sessionId = AccountSessions.SessionIdOf(presented);
        if (request.IsAuthorizationCodeGrantType() && sessionId is { } session && presented.GetAuthorizationId() is { } authorizationId)
        {
            await sessions.RecordAsync(session, account.Id, authorizationId, ct);
        }

        var identity = await principals.ForAccountAsync(account, presented.GetScopes(), familyCreated, sessionId, ct);
        identity.SetRefreshTokenLifetime(refreshTokenLifetime);
        // The same authorization as the code or refresh token: the family stays one, for reuse detection and revocation.
        identity.SetAuthorizationId(presented.GetAuthorizationId());
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Claims about the user of the access token, limited by its scopes.</summary>
    private static async Task<IResult> UserInfo(HttpContext http, UserManager<Account> accounts)
    {
        var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var account = await AccountOfAsync(accounts, principal);
        if (principal is null || account is null)
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The token does not belong to an existing account.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = account.Id.ToString() };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = account.DisplayName;
        }

        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = account.Email!;
            claims[Claims.EmailVerified] = account.EmailConfirmed;
        }

        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = await accounts.GetRolesAsync(account);
        }

        return Results.Ok(claims);
    }

    /// <summary>RP-initiated logout: ends the cookie session (revoking its refresh tokens) and returns to the client's registered post-logout URI.</summary>
    private static async Task<IResult> EndSession(HttpContext http, SignInManager<Account> signIn, AccountSessions sessions)
    {
        if (LocalError(http) is { } error)
        {
            return error;
        }

        // The refresh tokens clients got from this session stop working with it.
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (AccountSessions.SessionIdOf(session.Properties) is { } sessionId)
        {
            await sessions.RevokeSessionAsync(sessionId, http.RequestAborted);
        }

        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// An error OpenIddict cannot send back to the client (the redirect URI is missing or not registered, so
    /// nowhere safe to redirect to): answered here as a problem carrying the OAuth error code, like every other
    /// error of the system, instead of OpenIddict's plain-text page (error pass-through is enabled for this).
    /// </summary>
    private static ProblemHttpResult? LocalError(HttpContext http) =>
        http.GetOpenIddictServerResponse() is { Error: { } error } response
            ? TypedResults.Problem(
                statusCode: http.Response.StatusCode >= StatusCodes.Status400BadRequest ? http.Response.StatusCode : StatusCodes.Status400BadRequest,
                title: "The request is invalid.",
                detail: response.ErrorDescription,
                extensions: new Dictionary<string, object?> { [Parameters.Error] = error })
            : null;

    /// <summary>
    /// The account a token was issued for. Null when it no longer exists, and for a client's own token (client
    /// credentials), whose subject is the client id, not an account id.
    /// </summary>
    private static async Task<Account?> AccountOfAsync(UserManager<Account> accounts, ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.GetClaim(Claims.Subject), out var id) ? await accounts.FindByIdAsync(id.ToString()) : null;

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
