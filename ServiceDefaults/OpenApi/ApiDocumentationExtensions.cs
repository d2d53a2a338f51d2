using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;
using ServiceDefaults.Api;

namespace ServiceDefaults.OpenApi;

/// <summary>An API's OpenAPI document, which the gateway publishes to client developers.</summary>
public static class ApiDocumentationExtensions
{
    public static TBuilder AddApiDocumentation<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(options => options.AddApiDocumentConventions(title));
        return builder;
    }

    /// <summary>
    /// The OpenAPI document (anonymous) where documents are published (<see cref="ApiDocuments"/>: Development, or
    /// <c>ApiDocuments:Enabled</c>), and, in Development, the Scalar UI at /scalar.
    /// </summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        if (!ApiDocuments.ArePublished(app.Configuration, app.Environment))
        {
            return app;
        }

        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().AllowAnonymous();
        }

        return app;
    }
}
