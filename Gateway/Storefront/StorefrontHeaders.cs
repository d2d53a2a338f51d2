using Microsoft.AspNetCore.Http;

namespace Gateway.Storefront;

/// <summary>
/// What the browser is told about the app's files. Vite names every asset after its content hash, so an asset never
/// changes and may be cached for a year; index.html names the current assets, so it is revalidated every time. The
/// CSP lets the page run only its own scripts and talk only to this origin (the APIs and Identity are behind it too);
/// framing is allowed from this origin alone, for the silent sign-in's hidden frame (docs/storefront.md).
/// </summary>
public static class StorefrontHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; "
        + "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public const string ImmutableAsset = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";

    public static void Apply(HttpResponse response, string path)
    {
        var headers = response.Headers;
        headers.CacheControl = IsHashedAsset(path) ? ImmutableAsset : Revalidate;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || !Path.HasExtension(path))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "SAMEORIGIN";
        }
    }

    /// <summary>Vite's output: /assets/&lt;name&gt;-&lt;hash&gt;.&lt;ext&gt;.</summary>
    public static bool IsHashedAsset(string path) => path.StartsWith("/assets/", StringComparison.Ordinal);
}
