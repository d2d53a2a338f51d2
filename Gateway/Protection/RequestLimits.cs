using Microsoft.AspNetCore.Mvc;

namespace Gateway.Protection;

/// <summary>
/// Refuses oversized requests at the edge with problem+json: URL (414), headers (431), declared body (413;
/// a chunked body over the limit is cut by Kestrel's own limit, which the proxy reports as 413 too).
/// </summary>
internal sealed class RequestLimits(RequestDelegate next, EdgeOptions options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limits = options.Limits;
        var urlLength = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);

        (int Status, string Title, string Detail)? refusal =
            urlLength > limits.MaxUrlLength
                ? (StatusCodes.Status414UriTooLong, "The URL is too long.", $"URLs are limited to {limits.MaxUrlLength} characters.")
            : request.Headers.Count > limits.MaxHeaderCount || headerBytes > limits.MaxHeaderBytes
                ? (StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.", $"At most {limits.MaxHeaderCount} headers and {limits.MaxHeaderBytes} bytes.")
            : request.ContentLength > limits.MaxRequestBodyBytes
                ? (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"Bodies are limited to {limits.MaxRequestBodyBytes} bytes.")
            : null;

        if (refusal is not { } refused)
        {
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
}
