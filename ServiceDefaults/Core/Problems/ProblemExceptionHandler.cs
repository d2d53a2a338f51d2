using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Problems;

/// <summary>
/// Maps exceptions to problem details. Client mistakes detected by the framework keep their 4xx status
/// with a useful message; anything else is a 500 whose details stay in the logs (Development excepted).
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problemDetails, IEnumerable<IDependencyOutage> outages, IHostEnvironment environment, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read a response.
            http.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body could not be read.",
                Detail = DescribeJsonError(json),
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = TitleFor(bad.StatusCode),
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts."
                    : SafeMessage(bad),
            },
            // The form reader's verdict on a form it cannot parse (a NUL in a value, too many fields, a key too long).
            InvalidDataException when http.Request.HasFormContentType => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body could not be read.",
                Detail = "The form is malformed or exceeds the limits on its fields.",
            },
            _ when IsTransientOutage(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is temporarily unavailable.",
                Detail = "A database it depends on cannot be reached right now. Nothing was changed; retry in a few seconds (with the same Idempotency-Key, if you sent one).",
            },
            _ => null,
        };

        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = "5";
            LogOutage(logger, exception, http.Request.Method, http.Request.Path);
        }

        if (problem is null)
        {
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = environment.IsDevelopment() ? exception.ToString() : "The error has been logged; quote the trace id when reporting it.",
            };
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            // With the exception attached, the framework adds its stack trace in Development: only for real errors.
            Exception = problem.Status >= 500 ? exception : null,
        });
    }

    /// <summary>
    /// A dependency down, restarting or refusing connections: a transient outage the client can wait out, not a
    /// bug. Nothing committed, so answering 503 (not 500) is true and safe. Each dependency's project registers
    /// an <see cref="IDependencyOutage"/> that recognises its own exceptions.
    /// </summary>
    private bool IsTransientOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException || outages.Any(outage => outage.IsOutage(e)))
            {
                return true;
            }
        }

        return false;
    }

    // System.Text.Json's messages name .NET types; say the same in the client's terms.
    private static string DescribeJsonError(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal) && QuotedName(message) is { } unknown)
        {
            return $"The field '{unknown}' is not accepted here.";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return field is null ? "A field appears more than once." : $"The field '{field}' appears more than once.";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "The JSON is nested too deeply.";
        }

        return field is null
            ? "The body is not valid JSON."
            : $"The value of '{field}' has the wrong type or format.";
    }

    private static string? QuotedName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }

    // Framework messages name C# parameters and types ("Failed to read parameter \"CreateUser request\"...").
    private static string SafeMessage(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ when exception.Message.Contains("Required parameter", StringComparison.Ordinal) => "A required value is missing from the request.",
        _ when BindFailure().Match(exception.Message) is { Success: true } failure =>
            $"The value of '{System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.Groups["name"].Value)}' has the wrong format.",
        _ when exception.Message.Contains("Implicit body inferred", StringComparison.Ordinal) => "The request needs a JSON body.",
        _ => "The request could not be understood.",
    };

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content type.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large.",
        _ => "The request was rejected.",
    };

    // "Failed to bind parameter "int? Limit" from "ten"."
    [System.Text.RegularExpressions.GeneratedRegex("""Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency outage on {Method} {Path}; answered 503")]
    private static partial void LogOutage(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
