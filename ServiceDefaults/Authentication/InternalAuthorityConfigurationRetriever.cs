using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Authentication;

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
