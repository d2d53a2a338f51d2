using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Problems;

/// <summary>
/// Every error a client sees is application/problem+json (RFC 9457) with a trace id: thrown exceptions,
/// framework rejections (bad JSON, wrong content type, body too large) and bare status codes (404, 405).
/// </summary>
public static class ProblemDetailsExtensions
{
    public static TBuilder AddProblemDetailsDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= http.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw, so that the handler above can say what was wrong instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // Installed first in every pipeline, so no service can forget it or put it in the wrong place.
        builder.Services.AddTransient<IStartupFilter, ProblemDetailsStartupFilter>();
        return builder;
    }

    private sealed class ProblemDetailsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            next(app);
        };
    }
}
