using System.Collections.Concurrent;
using System.Security.Claims;
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

/// <summary>The Authorization headers whose bearer token passed validation in this application, until the token expires.</summary>
internal sealed class ValidatedTokens(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string authorization, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(authorization, out var entry) && entry.Until > clock.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }

        principal = null!;
        return false;
    }

    public void Add(string authorization, ClaimsPrincipal principal)
    {
        var now = clock.GetUtcNow();
        if (principal.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, out var seconds))
        {
            return; // no expiry to bound the entry by: not remembered
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        if (until <= now)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            Evict(now);
        }

        _entries[authorization] = (principal.Clone(), until);
    }

    /// <summary>Drops expired entries; if that is not enough (more live tokens than the capacity), starts over.</summary>
    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
    }
}
