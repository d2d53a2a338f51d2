using Identity.Service.Clients;
using Identity.Service.Data;
using Identity.Service.Keys;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Service.Authorization;

public static class AuthorizationServerExtensions
{
    /// <summary>
    /// OpenIddict as an OAuth 2.0 / OpenID Connect server, following RFC 9700: authorization code with
    /// mandatory PKCE (S256 only), client credentials, rotating refresh tokens with reuse detection; no
    /// implicit or password grant (only the flows enabled here exist).
    /// </summary>
    public static TBuilder AddAuthorizationServer<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var server = builder.Configuration.GetSection(AuthorizationServerOptions.SectionName).Get<AuthorizationServerOptions>() ?? new();
        var lifetimes = builder.Configuration.GetSection(TokenLifetimeOptions.SectionName).Get<TokenLifetimeOptions>() ?? new();
        var keys = TokenKeys.Load(builder.Configuration, builder.Environment);
        var issuer = server.Issuer ?? throw new InvalidOperationException("Identity:Issuer (the gateway's public URL) is required.");

        builder.Services.Configure<AuthorizationServerOptions>(builder.Configuration.GetSection(AuthorizationServerOptions.SectionName));
        builder.Services.Configure<TokenLifetimeOptions>(builder.Configuration.GetSection(TokenLifetimeOptions.SectionName));
        builder.Services.Configure<ClientOptions>(builder.Configuration.GetSection(ClientOptions.SectionName));
        builder.Services.AddSingleton(keys);
        builder.Services.AddHostedService<SigningCertificateMetrics>();
        builder.Services.Configure<TokenKeyOptions>(builder.Configuration.GetSection(TokenKeyOptions.SectionName));
        builder.Services.AddHealthChecks().AddCheck<SigningCertificateHealthCheck>("signing-certificate");
        builder.Services.Configure<TokenPruningOptions>(builder.Configuration.GetSection(TokenPruningOptions.SectionName));
        builder.Services.AddHostedService<TokenPruning>();
        builder.Services.AddScoped<TokenPrincipals>();
        builder.Services.AddScoped<ClientCatalog>();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(options =>
            {
                options.SetIssuer(issuer)
                    .SetAuthorizationEndpointUris(AuthorizationServerPaths.Authorize.TrimStart('/'))
                    .SetTokenEndpointUris(AuthorizationServerPaths.Token.TrimStart('/'))
                    .SetUserInfoEndpointUris(AuthorizationServerPaths.UserInfo.TrimStart('/'))
                    .SetEndSessionEndpointUris(AuthorizationServerPaths.EndSession.TrimStart('/'))
                    .SetRevocationEndpointUris(AuthorizationServerPaths.Revocation.TrimStart('/'))
                    .SetIntrospectionEndpointUris(AuthorizationServerPaths.Introspection.TrimStart('/'));

                options.AllowAuthorizationCodeFlow()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow()
                    .RequireProofKeyForCodeExchange();
                // OpenIddict still accepts "plain" by default; RFC 9700 wants S256 only.
                options.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                options.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, .. ApiScopes.All]);

                options.SetAccessTokenLifetime(lifetimes.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(lifetimes.RefreshTokenLifetime)
                    // A short grace period: a mobile client whose refresh response was lost on a bad network retries
                    // with the token it still holds and stays signed in. Presenting an already-rotated refresh token
                    // after the leeway is treated as theft and revokes every token of that sign-in (the whole family).
                    .SetRefreshTokenReuseLeeway(lifetimes.RefreshTokenReuseLeeway);

                // Signed (RS256) but not encrypted: the APIs validate access tokens themselves from the JWKS.
                options.DisableAccessTokenEncryption();
                foreach (var certificate in keys.Signing)
                {
                    options.AddSigningCertificate(certificate);
                }

                foreach (var certificate in keys.Encryption)
                {
                    options.AddEncryptionCertificate(certificate);
                }

                // Token storage stays on (no DisableTokenStorage / degraded mode): rotation, reuse detection and
                // revocation depend on it. This service registers no OpenIddict validation stack; see the note on
                // GHSA-cxgj-hwwh-855g in ServiceDefaults/Authentication/ConfigureTokenValidation.cs.
                // Errors the authorization and end-session endpoints cannot redirect back to the client reach the
                // handlers too, which answer them as problem+json (AuthorizationEndpoints.LocalError).
                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (!server.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        return builder;
    }
}
