using System.Net.Sockets;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy;

/// <summary>
/// YARP answers its own failures with empty bodies; this turns them into problem+json a client can act
/// on: the service is down (503, retry later), too slow (504), or answered with garbage (502) — or the
/// client's own body was malformed or too large (Kestrel's 4xx, not a 502).
/// </summary>
internal sealed class ProxyErrorProblems(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        var timedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (context.RequestAborted.IsCancellationRequested && !timedOut)
        {
            return; // the client went away
        }

        var (status, title, detail) = Classify(error.Error, error.Exception, timedOut);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static (int Status, string Title, string Detail) Classify(ForwarderError error, Exception? exception, bool timedOut)
    {
        if (timedOut || error is ForwarderError.RequestTimedOut)
        {
            return (StatusCodes.Status504GatewayTimeout, "The service did not answer in time.", "The request may or may not have been processed; retry with the same Idempotency-Key.");
        }

        // The client's own body failed while it was being forwarded (Kestrel refused its framing, size or pace):
        // the client's fault, with Kestrel's status when it gave one.
        if (error is ForwarderError.RequestBodyClient || ClientBodyRefusal(exception) is not null)
        {
            return (ClientBodyRefusal(exception)?.StatusCode ?? StatusCodes.Status400BadRequest) switch
            {
                StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", "The request body is larger than the gateway accepts."),
                StatusCodes.Status408RequestTimeout => (StatusCodes.Status408RequestTimeout, "The request body arrived too slowly.", "Send the body without pauses."),
                var status => (status, "The request body could not be read.", "Its framing is invalid (chunked encoding or Content-Length)."),
            };
        }

        // The service could not be reached, or went away while the body was being sent to it (killed or restarted mid-request).
        if (error is ForwarderError.NoAvailableDestinations or ForwarderError.RequestBodyDestination || IsConnectionFailure(exception))
        {
            return (StatusCodes.Status503ServiceUnavailable, "The service is unavailable.", "It could not be reached. Retry in a few seconds.");
        }

        return (StatusCodes.Status502BadGateway, "The service answered with an invalid response.", "Retry later; the failure has been logged.");
    }

    private static BadHttpRequestException? ClientBodyRefusal(Exception? exception) =>
        Causes(exception).OfType<BadHttpRequestException>().FirstOrDefault(e => e.StatusCode is >= 400 and < 500);

    /// <summary>The exception and everything it wraps, the branches of an AggregateException included.</summary>
    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        if (exception is null)
        {
            yield break;
        }

        yield return exception;
        IEnumerable<Exception> inner = exception is AggregateException aggregate ? aggregate.InnerExceptions
            : exception.InnerException is { } wrapped ? [wrapped] : [];
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }

    /// <summary>
    /// Nobody listens (refused), or the connection broke before any response came back (reset, or a broken pipe
    /// while the body was being sent; any branch of an aggregate): the service is down, restarting or was killed
    /// mid-request (in which case the client retries with its Idempotency-Key).
    /// </summary>
    private static bool IsConnectionFailure(Exception? exception) =>
        Causes(exception).Any(e => e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded }
            or HttpIOException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded }
            or SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown });
}
