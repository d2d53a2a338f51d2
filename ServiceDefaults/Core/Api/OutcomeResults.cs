using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceDefaults.Api;

/// <summary>
/// The one mapping from domain outcomes to HTTP: the ETag of the version on success, 304 for a client that
/// already has it, and a problem for each <see cref="FailureKind"/>. A concurrent change is 412 when the
/// client sent If-Match (its copy is the one that lost) and 409 when it did not.
/// </summary>
public static class OutcomeResults
{
    /// <summary>A read: 200 with the ETag, 304 when If-None-Match names it, or the failure.</summary>
    public static Results<Ok<TResponse>, StatusCodeHttpResult, ProblemHttpResult> ToReadResult<T, TResponse>(
        this Outcome<T> outcome, HttpContext http, Func<T, TResponse> response)
    {
        if (outcome.Failure is { } failure)
        {
            return Problem(failure, http.Request);
        }

        var etag = ETags.For(outcome.Version);
        http.Response.Headers.ETag = etag;
        return ETags.ClientHasCurrent(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(response(outcome.Value!));
    }

    /// <summary>A change: 200 with the new representation and its ETag, or the failure.</summary>
    public static Results<Ok<TResponse>, ProblemHttpResult, ValidationProblem> ToChangedResult<T, TResponse>(
        this Outcome<T> outcome, HttpContext http, Func<T, TResponse> response)
    {
        if (outcome.Failure is { } failure)
        {
            return failure is { Kind: FailureKind.Invalid, Errors: { } errors }
                ? TypedResults.ValidationProblem(errors, title: failure.Title)
                : Problem(failure, http.Request);
        }

        ETags.Set(http.Response, outcome.Version);
        return TypedResults.Ok(response(outcome.Value!));
    }

    /// <summary>A creation: 201 with Location and ETag, or the failure.</summary>
    public static Results<Created<TResponse>, ProblemHttpResult, ValidationProblem> ToCreatedResult<T, TResponse>(
        this Outcome<T> outcome, HttpContext http, Func<T, string> location, Func<T, TResponse> response)
    {
        if (outcome.Failure is { } failure)
        {
            return failure is { Kind: FailureKind.Invalid, Errors: { } errors }
                ? TypedResults.ValidationProblem(errors, title: failure.Title)
                : Problem(failure, http.Request);
        }

        ETags.Set(http.Response, outcome.Version);
        return TypedResults.Created($"{http.Request.PathBase}{location(outcome.Value!)}", response(outcome.Value!));
    }

    /// <summary>A deletion: 204, or the failure.</summary>
    public static Results<NoContent, ProblemHttpResult> ToDeletedResult<T>(this Outcome<T> outcome, HttpContext http) =>
        outcome.Failure is { } failure ? Problem(failure, http.Request) : TypedResults.NoContent();

    /// <summary>The problem for a failure; <see cref="FailureKind.Invalid"/> keeps its field errors.</summary>
    public static ProblemHttpResult Problem(Failure failure, HttpRequest request)
    {
        var status = failure.Kind switch
        {
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Stale => StatusCodes.Status412PreconditionFailed,
            FailureKind.ConcurrentChange when request.Headers.IfMatch.Count > 0 => StatusCodes.Status412PreconditionFailed,
            FailureKind.ConcurrentChange or FailureKind.Conflict => StatusCodes.Status409Conflict,
            FailureKind.Forbidden => StatusCodes.Status403Forbidden,
            FailureKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
        var (title, detail) = failure.Kind == FailureKind.ConcurrentChange && status == StatusCodes.Status412PreconditionFailed
            ? (Failure.Stale.Title, Failure.Stale.Detail)
            : (failure.Title, failure.Detail);
        if (failure.RetryAfter is { } wait)
        {
            // Whole seconds, rounded up: a client that waits exactly this long is not refused again.
            request.HttpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var extensions = failure.Errors is { } errors ? new Dictionary<string, object?> { ["errors"] = errors } : null;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }
}
