using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Gateway.Storefront;

public static class StorefrontExtensions
{
    public static WebApplicationBuilder AddStorefront(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorefrontOptions>().BindConfiguration(StorefrontOptions.SectionName)
            .PostConfigure(o => o.Root ??= File.Exists(Path.Combine(StorefrontOptions.Published, "index.html")) ? StorefrontOptions.Published : null)
            .Validate(o => o.Root is null || File.Exists(Path.Combine(o.Root, "index.html")),
                $"{StorefrontOptions.SectionName}:Root must be the built web app (a folder with index.html): build it with 'npm run build' in WebApp/.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// The web storefront at "/", on the gateway's own origin: the app calls the APIs and Identity without CORS, and its
    /// tokens are audience-checked like any client's. Its files are served by the static-file middleware (a path with an extension matches no endpoint here); any
    /// other GET that is an app screen (a path without an extension outside the backend's prefixes) is index.html.
    /// </summary>
    public static WebApplication UseStorefront(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<StorefrontOptions>>().Value.Root is not { } root)
        {
            return app;
        }

        var files = new PhysicalFileProvider(Path.GetFullPath(root));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => StorefrontHeaders.Apply(context.Context.Response, context.Context.Request.Path.Value ?? "/"),
        });
        app.MapMethods("/{**screen:nonfile}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
            {
                var path = http.Request.Path.Value ?? "/";
                if (!StorefrontRoutes.IsAppScreen(path))
                {
                    return Results.NotFound();
                }

                StorefrontHeaders.Apply(http.Response, "/index.html");
                return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
            })
            .WithOrder(int.MaxValue) // after every proxy route: an app screen is only what no backend route claims
            .ExcludeFromDescription();
        return app;
    }
}
