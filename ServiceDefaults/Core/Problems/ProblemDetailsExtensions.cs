using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Problems;

/// <summary>
/// Every error a client sees is application/problem+json (RFC 9457) with a trace id: thrown exceptions,
/// framework rejections (bad JSON, wrong content type, body too large) and bare status codes (404, 405),
/// whatever format the client asked for (see <see cref="ProblemJsonWriter"/>).
/// </summary>
public static class ProblemDetailsExtensions
{
    /// <summary>The problem member carrying the W3C trace id (snake_case like the rest of the API).</summary>
    public const string TraceIdKey = "trace_id";

    private const string DetailItem = "problem-detail";

    /// <summary>
    /// Explains a bodyless error status set elsewhere (authentication, authorization): the
    /// status-code-pages middleware writes the problem and uses this as its detail.
    /// </summary>
    public static void SetProblemDetail(this HttpContext context, string detail) => context.Items[DetailItem] = detail;

    public static TBuilder AddProblemDetailsDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Registered before the framework's own writer, which only serves clients that accept JSON: the first
        // writer that can write is used, and this one always can.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= http.Request.Path;
            context.ProblemDetails.Detail ??= http.Items[DetailItem] as string;
            context.ProblemDetails.Extensions[TraceIdKey] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            context.ProblemDetails.Extensions.Remove("traceId"); // the framework's own, in another format: one trace id is enough
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw, so that the handler above can say what was wrong instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        return builder;
    }
}
