using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Authentication;

/// <summary>
/// Remembers, for a few minutes, access tokens that passed validation, so that a client reusing its
/// token (the normal case: one token, many requests for up to 15 minutes) costs one RS256 signature check
/// instead of one per request. The exact token string is the key; an entry never outlives the token's
/// own expiry; only successful validations are kept, so a bad token is re-examined (and refused) every time.
/// </summary>
internal sealed class CachingTokenHandler : TokenHandler, IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = DateTimeOffset.UtcNow;
        if (_validated.TryGetValue(token, out TokenValidationResult? known) && known is { SecurityToken.ValidTo: var expiry } && expiry > now.UtcDateTime)
        {
            // A copy of the identity: nothing a request does to its principal can leak into another's.
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.ClaimsIdentity.Clone(),
                SecurityToken = known.SecurityToken,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { ValidTo: var validTo } && validTo > now.UtcDateTime)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
            _validated.Set(token, result, new MemoryCacheEntryOptions
            {
                AbsoluteExpiration = until < now + MaxAge ? until : now + MaxAge,
                Size = 1,
            });
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    public void Dispose() => _validated.Dispose();
}
