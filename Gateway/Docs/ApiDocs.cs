using Scalar.AspNetCore;

namespace Gateway.Docs;

public static class ApiDocs
{
    /// <summary>
    /// /docs: one place where a client developer reads every API's OpenAPI document. The documents are
    /// each service's own, proxied through the gateway (/openapi/users.json, /openapi/orders.json), so
    /// their "try it" requests go through the gateway too.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Backend APIs")
            .AddDocument("users", "Users API", "/openapi/users.json", isDefault: true)
            .AddDocument("orders", "Orders API", "/openapi/orders.json"));
        return app;
    }
}
