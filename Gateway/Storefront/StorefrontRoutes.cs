namespace Gateway.Storefront;

/// <summary>
/// Which paths are the app's own screens (answered with index.html, the app routes in the browser) and which belong to
/// the backend: an unknown path under /api or /connect is the backend's 404 problem, never the app's HTML page.
/// </summary>
public static class StorefrontRoutes
{
    private static readonly string[] BackendPrefixes = ["/api", "/connect", "/account", "/.well-known", "/openapi", "/docs", "/health", "/alive"];

    public static bool IsAppScreen(string path) =>
        !BackendPrefixes.Any(prefix => path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
        && !Path.HasExtension(path)
        && !path.Contains("/.", StringComparison.Ordinal); // "/.git/config", "/.ssh/x": a probe for a hidden file, not a screen
}
