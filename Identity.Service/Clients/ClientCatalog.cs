using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Service.Clients;

/// <summary>Creates or updates the scopes and clients at start, in every environment (idempotent).</summary>
public sealed class ClientCatalog(IOpenIddictApplicationManager applications, IOpenIddictScopeManager scopes, ILogger<ClientCatalog> logger)
{
    public const string WebClientId = "web";
    public const string MobileClientId = "mobile";
    public const string ServiceClientId = "service";

    public async Task SyncAsync(ClientOptions options, CancellationToken ct)
    {
        foreach (var (scope, audience) in ApiScopes.Audiences)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = scope, Resources = { audience } };
            if (await scopes.FindByNameAsync(scope, ct) is { } existing)
            {
                await scopes.UpdateAsync(existing, descriptor, ct);
            }
            else
            {
                await scopes.CreateAsync(descriptor, ct);
            }
        }

        await UpsertAsync(PublicClient(WebClientId, "Web app", ApplicationTypes.Web, options.Web), ct);
        await UpsertAsync(PublicClient(MobileClientId, "Mobile app", ApplicationTypes.Native, options.Mobile), ct);

        if (string.IsNullOrWhiteSpace(options.Service.Secret))
        {
            logger.LogWarning("No secret configured for the '{Client}' client ({Section}:Service:Secret): it is not registered", ServiceClientId, ClientOptions.SectionName);
        }
        else
        {
            var service = new OpenIddictApplicationDescriptor
            {
                ClientId = ServiceClientId,
                ClientSecret = options.Service.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = "Services and operator tooling",
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.Introspection,
                    Permissions.Endpoints.Revocation,
                    Permissions.GrantTypes.ClientCredentials,
                },
            };
            foreach (var scope in options.Service.Scopes.Intersect(ApiScopes.All))
            {
                service.Permissions.Add(Permissions.Prefixes.Scope + scope);
            }

            await UpsertAsync(service, ct);
        }
    }

    private static OpenIddictApplicationDescriptor PublicClient(string clientId, string displayName, string applicationType, ClientOptions.PublicClient options)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = displayName,
            ClientType = ClientTypes.Public,
            ApplicationType = applicationType,
            ConsentType = ConsentTypes.Implicit, // first-party apps: no consent screen
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var scope in ApiScopes.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.RedirectUris.UnionWith(options.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(options.PostLogoutRedirectUris);
        return descriptor;
    }

    private async Task UpsertAsync(OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, ct) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
        else
        {
            await applications.CreateAsync(descriptor, ct);
        }
    }
}
