namespace AppHost;

/// <summary>
/// The web storefront (WebApp/): built, it is served by the gateway at "/" (same origin as the APIs and Identity);
/// during development a Vite dev server with hot reload runs beside it on http://localhost:5173 and talks to the
/// gateway cross-origin (the gateway's CORS policy admits that origin in Development). See docs/storefront.md.
/// </summary>
public static class Storefront
{
    public const string DevServerKey = "Storefront:DevServer";
    public const string DevServerOrigin = "http://localhost:5173";

    public static IResourceBuilder<ProjectResource> WithStorefront(this IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> identity, EndpointReference publicUrl)
    {
        var builder = gateway.ApplicationBuilder;
        var app = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "WebApp"));
        var built = Path.Combine(app, "dist");
        if (File.Exists(Path.Combine(built, "index.html")))
        {
            gateway.WithEnvironment("Gateway__Storefront__Root", built);
        }

        // The "web" client comes back to whichever origin the app was loaded from: the gateway's, or the dev server's.
        identity
            .WithEnvironment("Identity__Clients__Web__RedirectUris__0", $"{DevServerOrigin}/callback")
            .WithEnvironment("Identity__Clients__Web__PostLogoutRedirectUris__0", $"{DevServerOrigin}/")
            .WithEnvironment("Identity__Clients__Web__RedirectUris__1", ReferenceExpression.Create($"{publicUrl}/callback"))
            .WithEnvironment("Identity__Clients__Web__PostLogoutRedirectUris__1", ReferenceExpression.Create($"{publicUrl}/"));

        if (builder.Configuration.GetValue(DevServerKey, true) && Directory.Exists(Path.Combine(app, "node_modules")))
        {
            builder.AddExecutable("storefront-dev", "npm", app, "run", "dev")
                .WithHttpEndpoint(port: 5173, targetPort: 5173, isProxied: false)
                .WithEnvironment("VITE_GATEWAY_URL", publicUrl)
                .WithIconName("Globe")
                .WaitFor(gateway);
        }

        return gateway;
    }
}
