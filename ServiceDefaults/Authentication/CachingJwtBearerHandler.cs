using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Authentication;

/// <summary>
/// JwtBearer with a memory of the Authorization headers whose token passed validation: a client reusing its
/// token (the normal case: one token, many requests for up to 15 minutes) pays for one full validation
/// (RS256 signature, issuer, audience, lifetime) instead of one per request, and a request whose token is
/// known skips the handler's per-request work too (parameters copied, token extracted, events raised).
/// </summary>
/// <remarks>
/// Only successes are remembered, so a bad token is examined (and refused, with its reason) every time. An
/// entry never outlives the token's own expiry, and lives at most <see cref="ValidatedTokens.MaxAge"/>. Each
/// request gets its own copy of the principal: nothing a request does to it can reach another request.
/// </remarks>
internal sealed class CachingJwtBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidatedTokens validated)
    : JwtBearerHandler(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } header)
        {
            return await base.HandleAuthenticateAsync();
        }

        if (validated.TryGet(header, out var principal))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(principal.Clone(), Scheme.Name));
        }

        var result = await base.HandleAuthenticateAsync();
        if (result is { Succeeded: true, Principal: { } valid })
        {
            validated.Add(header, valid);
        }

        return result;
    }
}
