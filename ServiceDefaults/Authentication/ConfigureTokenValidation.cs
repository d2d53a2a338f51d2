using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Callers;

namespace ServiceDefaults.Authentication;

/// <param name="audience">The API's audience, or null at the gateway, which leaves the audience to each API.</param>
internal sealed class ConfigureTokenValidation(string? audience, IOptions<IdentityServerOptions> identity, IHttpClientFactory httpClients)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(JwtBearerDefaults.AuthenticationScheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        // Access tokens are validated here, locally, with JwtBearer, not with OpenIddict's validation stack.
        // Whoever switches to that stack: OpenIddict 7.8 has advisory GHSA-cxgj-hwwh-855g (fixed in 7.9.0,
        // which is not obtainable here). Never enable authorization-entry validation
        // (EnableAuthorizationEntryValidation) without token-entry validation (EnableTokenEntryValidation):
        // in 7.8 that combination silently validates nothing.
        var issuer = identity.Value.Issuer!;
        var authority = identity.Value.Authority!;
        options.MapInboundClaims = false;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false });
        options.Audience = audience;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.AbsoluteUri,
            ValidAudience = audience,
            // Only what Identity.Service signs with; "none" and HMAC (key-confusion) tokens fail here.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["at+jwt", "JWT"],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = audience is not null,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = identity.Value.ClockSkew,
            NameClaimType = TokenClaims.Name,
            RoleClaimType = TokenClaims.Role,
        };

        // Metadata and keys come over the internal address, even though they name the public issuer.
        var http = httpClients.CreateClient(nameof(ConfigureTokenValidation));
        options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(authority, ".well-known/openid-configuration").AbsoluteUri,
            new InternalAuthorityConfigurationRetriever(issuer, authority),
            new HttpDocumentRetriever(http) { RequireHttps = authority.Scheme == Uri.UriSchemeHttps })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(1),
            RefreshInterval = TimeSpan.FromSeconds(30), // an unknown kid (key rotation) refetches at most this often
        };
        options.Events = new ProblemJwtBearerEvents();
    }
}

/// <summary>
/// Reads Identity.Service's discovery document from its internal address and fetches the JWKS from the
/// same internal address (the document's jwks_uri names the public gateway URL).
/// </summary>
internal sealed class InternalAuthorityConfigurationRetriever(Uri issuer, Uri authority) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        if (configuration.Issuer != issuer.AbsoluteUri)
        {
            throw new InvalidOperationException($"Identity.Service advertises issuer '{configuration.Issuer}', but this service expects '{issuer}'.");
        }

        var jwks = new Uri(configuration.JwksUri, UriKind.Absolute);
        var relative = jwks.AbsoluteUri.StartsWith(issuer.AbsoluteUri, StringComparison.Ordinal)
            ? jwks.AbsoluteUri[issuer.AbsoluteUri.Length..]
            : jwks.PathAndQuery.TrimStart('/');
        var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(new Uri(authority, relative).AbsoluteUri, cancel));
        configuration.JsonWebKeySet = keys;
        foreach (var key in keys.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }
}

/// <summary>Keeps why a token was refused, for the 401 problem body; the handler itself writes WWW-Authenticate.</summary>
internal sealed class ProblemJwtBearerEvents : JwtBearerEvents
{
    public const string FailureItem = AccessTokenFailure.Item;

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[FailureItem] = context.Exception switch
        {
            SecurityTokenExpiredException => "The access token has expired.",
            SecurityTokenNotYetValidException => "The access token is not valid yet.",
            SecurityTokenInvalidAudienceException => "The access token was not issued for this API (audience).",
            SecurityTokenInvalidIssuerException => "The access token was not issued by the expected issuer.",
            SecurityTokenInvalidAlgorithmException => "The access token is signed with an algorithm that is not accepted.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature is invalid.",
            SecurityTokenInvalidTypeException => "The token is not an access token.",
            _ => "The access token is invalid.",
        };
        return Task.CompletedTask;
    }
}


/// <summary>Why the bearer token of this request was refused, in words a client developer understands.</summary>
public static class AccessTokenFailure
{
    internal const string Item = "token-failure";

    public static string? Of(Microsoft.AspNetCore.Http.HttpContext context) => context.Items[Item] as string;
}
