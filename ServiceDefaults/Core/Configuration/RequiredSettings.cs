using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Configuration;

/// <summary>
/// Settings a service cannot run without. Checked when the service is composed, before it starts: a missing or empty
/// one stops the start with a message that names it and says how to set it, instead of a service that starts and
/// fails later on the first request that needs it (or, for a connection string, retries a default host for ever).
/// </summary>
public static class RequiredSettings
{
    /// <summary>The value of <paramref name="key"/> (e.g. "ConnectionStrings:ordersdb"); throws, naming it, when it is not set.</summary>
    public static string Require(this IHostApplicationBuilder builder, string key, string purpose)
    {
        var value = builder.Configuration[key];
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"The setting {key} ({purpose}) is missing. Set it in configuration, e.g. the environment variable {key.Replace(":", "__", StringComparison.Ordinal)}.")
            : value;
    }
}
