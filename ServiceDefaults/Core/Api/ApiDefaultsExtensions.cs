using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Validation;

namespace ServiceDefaults.Api;

/// <summary>What an HTTP API service adds on top of the service defaults.</summary>
public static class ApiDefaultsExtensions
{
    /// <summary>Largest request body an API accepts; larger ones get 413.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static TBuilder AddApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>
    /// An API group's shared rules: request validation, and the problems any of its operations can answer in its OpenAPI
    /// description (no or a bad token, not allowed, too many requests at the gateway, a dependency down).
    /// </summary>
    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder group) =>
        group.WithRequestValidation()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
