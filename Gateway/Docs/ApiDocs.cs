using Scalar.AspNetCore;
using ServiceDefaults.Api;

namespace Gateway.Docs;

public static class ApiDocs
{
    /// <summary>
    /// /docs: one place where a client developer reads every API's OpenAPI document. The documents are
    /// each service's own, proxied through the gateway (/openapi/users.json, /openapi/orders.json), so
    /// their "try it" requests go through the gateway too. Only where documents are published
    /// (<see cref="ApiDocuments"/>): elsewhere /docs does not exist and the documents' proxied routes answer 404
    /// here, whatever the services behind would answer.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        if (!ApiDocuments.ArePublished(app.Configuration, app.Environment))
        {
            app.Use((http, next) =>
            {
                if (!http.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase))
                {
                    return next(http);
                }

                http.Response.StatusCode = StatusCodes.Status404NotFound; // the problem body is written by the status-code pages
                return Task.CompletedTask;
            });
            return app;
        }

        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Backend APIs")
            .AddDocument("users", "Users API", "/openapi/users.json", isDefault: true)
            .AddDocument("orders", "Orders API", "/openapi/orders.json"));
        return app;
    }
}
