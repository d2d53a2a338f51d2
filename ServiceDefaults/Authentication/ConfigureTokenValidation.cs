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
        // Identity.Service runs OpenIddict 7.9.0, which fixes advisory GHSA-cxgj-hwwh-855g (before 7.9,
        // authorization-entry validation without token-entry validation silently validated nothing). Whoever
        // switches to that stack must stay on 7.9.0 or later.
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
