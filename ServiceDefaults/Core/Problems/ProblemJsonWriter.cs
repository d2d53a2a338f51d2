using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Problems;

/// <summary>
/// Writes every problem as application/problem+json, whatever the request's Accept header says. The
/// framework's writer only serves clients that accept JSON: a browser (Accept: text/html) or a client
/// asking for XML would get "Status Code: 404; Not Found" as text/plain from the status-code pages, and an
/// empty body for an error handled by <see cref="ProblemExceptionHandler"/>. RFC 9110 (§12.1) lets a server
/// answer in a representation the client did not ask for rather than refuse with 406; a problem it may
/// not render still says more than nothing.
/// </summary>
/// <remarks>
/// <c>type</c> defaults to the status code's definition (RFC 9110, or RFC 6585 for 429 and 431) and
/// <c>title</c> to its reason phrase, for every status, not only those the framework knows.
/// </remarks>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ??= http.Response.StatusCode;
        problem.Type ??= TypeFor(status);
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        // Not cancelled by RequestAborted: after a request timeout (504) that token has fired, and the problem must still be written.
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, MediaType));
    }

    /// <summary>The section of RFC 9110 (or RFC 6585) that defines the status code; about:blank for others.</summary>
    public static string TypeFor(int status) => status switch
    {
        >= 400 and <= 417 => Rfc9110("15.5", status - 399),
        421 or 422 => Rfc9110("15.5", status - 401),
        426 => Rfc9110("15.5", 22),
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        >= 500 and <= 505 => Rfc9110("15.6", status - 499),
        _ => "about:blank",
    };

    private static string Rfc9110(string section, int subsection) =>
        string.Create(CultureInfo.InvariantCulture, $"https://tools.ietf.org/html/rfc9110#section-{section}.{subsection}");
}
