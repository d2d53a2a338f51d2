using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Service.Clients;

/// <summary>The APIs (audiences) and the scopes that grant access to them.</summary>
public static class ApiScopes
{
    public static readonly IReadOnlyDictionary<string, string> Audiences = new Dictionary<string, string>
    {
        ["users.read"] = "users-api",
        ["users.write"] = "users-api",
        ["orders.read"] = "orders-api",
        ["orders.write"] = "orders-api",
    };

    public static readonly string[] All = [.. Audiences.Keys];
}

/// <summary>The registered clients, from configuration (Identity:Clients). Secrets never come from source code.</summary>
public sealed class ClientOptions
{
    public const string SectionName = "Identity:Clients";

    /// <summary>The browser app: public client, authorization code + PKCE, exact redirect URIs.</summary>
    public PublicClient Web { get; set; } = new();

    /// <summary>
    /// The native app (RFC 8252): public client, authorization code + PKCE; a loopback redirect URI
    /// registered without a port (http://127.0.0.1/callback) matches any port, and a private-use scheme
    /// (com.example.app:/callback) matches exactly.
    /// </summary>
    public PublicClient Mobile { get; set; } = new();

    /// <summary>Service-to-service calls and operator tooling: confidential client, client credentials only.</summary>
    public ServiceClient Service { get; set; } = new();

    public sealed class PublicClient
    {
        public List<Uri> RedirectUris { get; set; } = [];
        public List<Uri> PostLogoutRedirectUris { get; set; } = [];
    }

    public sealed class ServiceClient
    {
        public string? Secret { get; set; }
        public List<string> Scopes { get; set; } = [];
    }
}

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
