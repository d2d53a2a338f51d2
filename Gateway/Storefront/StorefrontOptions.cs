namespace Gateway.Storefront;

/// <summary>The web storefront the gateway serves at "/" (the "Gateway:Storefront" section).</summary>
public sealed class StorefrontOptions
{
    public const string SectionName = "Gateway:Storefront";

    /// <summary>
    /// The built app (WebApp/dist; the AppHost sets it). Unset, the app published with the gateway (its image's
    /// storefront/ folder) when there is one; otherwise the gateway serves the APIs only, and "/" is a 404.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>Where the publish step puts the app, beside the gateway's own files (Gateway.csproj).</summary>
    public static string Published => Path.Combine(AppContext.BaseDirectory, "storefront");
}
