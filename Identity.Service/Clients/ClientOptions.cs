namespace Identity.Service.Clients;

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
