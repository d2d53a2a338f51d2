using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Authentication;

/// <summary>
/// How Users.Service and Orders.Service (and any future API) accept access tokens: JWTs from
/// Identity.Service, validated locally (signature with an RS256 allowlist, issuer, audience, lifetime).
/// </summary>
public static class ResourceServerExtensions
{
    /// <summary>
    /// Validates bearer tokens for <paramref name="audience"/> and denies every endpoint that does not
    /// explicitly allow anonymous access. <c>sub</c>, <c>name</c>, <c>role</c> and <c>scope</c> keep their
    /// JWT names (no remapping to long WS-* claim types).
    /// </summary>
    public static TBuilder AddResourceServer<TBuilder>(this TBuilder builder, string audience, Action<AuthorizationBuilder>? policies = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddBearerTokenValidation(builder, audience);

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        policies?.Invoke(authorization);

        builder.Services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>());
        return builder;
    }

    /// <summary>
    /// The gateway's defence-in-depth check: the same validation as the APIs (signature, issuer, lifetime)
    /// except the audience, which each API checks for itself. No authorization policies: those stay in the services.
    /// </summary>
    public static TBuilder AddEdgeTokenValidation<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddBearerTokenValidation(builder, audience: null);
        return builder;
    }

    /// <summary>The "Bearer" scheme: JwtBearer configured by <see cref="ConfigureTokenValidation"/>, remembering the tokens it validated.</summary>
    private static void AddBearerTokenValidation(this IServiceCollection services, IHostApplicationBuilder builder, string? audience)
    {
        services.Configure<IdentityServerOptions>(builder.Configuration.GetSection(IdentityServerOptions.SectionName));
        services.AddOptions<IdentityServerOptions>().ValidateOnStart()
            .Validate(o => o.Issuer is { IsAbsoluteUri: true }, "Identity:Issuer (the public issuer URL) is required.")
            .Validate(o => o.Authority is { IsAbsoluteUri: true }, "Identity:Authority (Identity.Service's internal address) is required.");
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<JwtBearerOptions, CachingJwtBearerHandler>(JwtBearerDefaults.AuthenticationScheme, displayName: null, configureOptions: null);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerPostConfigureOptions>());
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>>(sp => new ConfigureTokenValidation(
            audience, sp.GetRequiredService<IOptions<IdentityServerOptions>>(), sp.GetRequiredService<IHttpClientFactory>()));
    }

    /// <summary>A policy: an authenticated caller whose token carries <paramref name="scope"/> (and one of <paramref name="roles"/>, if given).</summary>
    public static AuthorizationBuilder AddScopePolicy(this AuthorizationBuilder authorization, string name, string scope, params string[] roles) =>
        authorization.AddPolicy(name, policy =>
        {
            policy.RequireAuthenticatedUser();
            policy.AddRequirements(new ScopeRequirement(scope));
            if (roles.Length > 0)
            {
                policy.RequireRole(roles);
            }
        });
}
