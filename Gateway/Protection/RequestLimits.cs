using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Model;

namespace Gateway.Protection;

/// <summary>
/// Refuses malformed and oversized requests at the edge with problem+json: no Host (400), URL (414),
/// headers (431), declared body (413; a chunked body over the limit is cut by Kestrel's own limit, which
/// the proxy reports as 413 too).
/// </summary>
/// <remarks>
/// A route may lower the body limit with the metadata <c>MaxRequestBodyBytes</c>: the API routes carry
/// the APIs' own limit, so that a body they would refuse is refused here, before a byte of it is forwarded.
/// A service that refuses a body mid-stream closes its connection with the rest unread, and the proxy may
/// then lose the service's answer and report a 502 or 503 for what is the client's mistake.
/// </remarks>
internal sealed class RequestLimits(RequestDelegate next, EdgeOptions options, IProblemDetailsService problems)
{
    public const string BodyLimitMetadataKey = "MaxRequestBodyBytes";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limits = options.Limits;
        var urlLength = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
        var bodyLimit = RouteBodyLimit(context) ?? limits.MaxRequestBodyBytes;

        (int Status, string Title, string Detail)? refusal =
            !request.Host.HasValue
                ? (StatusCodes.Status400BadRequest, "The Host header is missing.", "HTTP/1.1 requests name the host they are for.")
            : urlLength > limits.MaxUrlLength
                ? (StatusCodes.Status414UriTooLong, "The URL is too long.", $"URLs are limited to {limits.MaxUrlLength} characters.")
            : request.Headers.Count > limits.MaxHeaderCount || headerBytes > limits.MaxHeaderBytes
                ? (StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.", $"At most {limits.MaxHeaderCount} headers and {limits.MaxHeaderBytes} bytes.")
            : request.ContentLength > bodyLimit
                ? (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"Bodies are limited to {bodyLimit} bytes here.")
            : null;

        if (refusal is not { } refused)
        {
            if (bodyLimit < limits.MaxRequestBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = bodyLimit; // a chunked body, whose size is not declared, is cut at the route's limit
            }

            await next(context);
            return;
        }

        context.Response.StatusCode = refused.Status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = refused.Status, Title = refused.Title, Detail = refused.Detail },
        });
    }

    /// <summary>The body limit of the proxy route this request matched, if it sets one.</summary>
    private static long? RouteBodyLimit(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(BodyLimitMetadataKey) is { } limit
        && long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : null;
}
