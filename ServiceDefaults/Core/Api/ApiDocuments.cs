using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Api;

/// <summary>
/// Whether the API documents (each service's /openapi/v1.json, the gateway's /docs and /openapi/*) are served:
/// <c>ApiDocuments:Enabled</c>, by default on in Development only. In production a document is a map of every route
/// and parameter for whoever asks; a shop that publishes its API turns it on deliberately.
/// </summary>
public static class ApiDocuments
{
    public const string EnabledKey = "ApiDocuments:Enabled";

    public static bool ArePublished(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(EnabledKey) ?? environment.IsDevelopment();
}
