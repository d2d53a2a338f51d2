using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace ServiceDefaults.Http;

/// <summary>
/// JSON bodies are UTF-8 (RFC 8259 §8.1). A JSON request that declares another charset is answered 415
/// before any endpoint reads it: the framework would transcode from that charset, and throw for one it
/// does not know ("charset=utf-7", "charset=bogus", "charset="), a 500 for the client's mistake.
/// </summary>
public static class Utf8JsonBodies
{
    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!DeclaresAnotherCharset(context.Request.ContentType))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Title = "Unsupported content type.",
                Detail = "Send JSON encoded in UTF-8 (charset=utf-8, or no charset).",
            },
        });
    });

    /// <summary>
    /// A JSON media type (application/json, or any +json) with a charset other than utf-8 or utf8, as the
    /// framework reads it: unquoted (it looks <c>charset="utf-8"</c> up as an encoding named <c>"utf-8"</c>, and fails).
    /// </summary>
    public static bool DeclaresAnotherCharset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && type.Charset.HasValue
        && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
        && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
