using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;
using ServiceDefaults.Validation;

namespace ServiceDefaults.Api;

/// <summary>What an HTTP API service adds on top of the service defaults.</summary>
public static class ApiDefaultsExtensions
{
    /// <summary>Largest request body an API accepts; larger ones get 413.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static TBuilder AddApiDefaults<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddOpenApi(options => options.AddApiDocumentConventions(title));

        return builder;
    }

    /// <summary>
    /// The OpenAPI document (anonymous, in every environment: the gateway publishes it to client
    /// developers) and, in Development, the Scalar UI at /scalar.
    /// </summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().AllowAnonymous();
        }

        return app;
    }

    /// <summary>An API group's shared rules: request validation and problem responses in its OpenAPI description.</summary>
    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder group) =>
        group.WithRequestValidation()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
