using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy;

/// <summary>
/// Sends a request again, once, when the service's instance went away before answering it and the request may be
/// repeated (<see cref="RetryableRequests"/>). A rolling restart needs it: an instance told to stop sends GOAWAY on its
/// HTTP/2 connection, and a request whose body the gateway had begun to send on it cannot be resent by HttpClient
/// itself (YARP streams the body once); the second attempt goes on a new connection, to an instance that stays.
/// </summary>
internal sealed class RetryUnansweredRequests(RequestDelegate next, ILogger<RetryUnansweredRequests> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!RetryableRequests.MayRepeat(context.Request))
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > 0)
        {
            context.Request.EnableBuffering(); // the body can be read again from the start (reads have none: no cost)
        }

        await next(context);
        if (context.GetForwarderErrorFeature() is not { } failure || !RetryableRequests.IsWorthRepeating(failure.Error)
            || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        logger.LogInformation("No answer to {Method} {Path} ({Error}); sending it again", context.Request.Method, context.Request.Path, failure.Error);
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.StatusCode = StatusCodes.Status200OK; // YARP's 502/503 for the first attempt; headers set before it (CORS) stay
        if (context.Request.Body.CanSeek)
        {
            context.Request.Body.Position = 0;
        }

        await next(context);
    }
}
