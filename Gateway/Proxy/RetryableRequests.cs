using Microsoft.AspNetCore.Http;
using ServiceDefaults.Api;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy;

/// <summary>
/// Which proxied requests the gateway sends a second time when the first got no answer at all (docs/architecture.md,
/// "Rolling restarts"): only those a client may repeat without effect, i.e. a safe method, or any method with an
/// Idempotency-Key (the services replay the first answer to the same key); and only when the failure came before any
/// response: the instance went away (a GOAWAY while the body was being sent, a reset), not a timeout, a refusal of the
/// client's own body or a service the health checks call down.
/// </summary>
public static class RetryableRequests
{
    /// <summary>Bodies up to this size are buffered to be sent again (the APIs' limit); larger ones are not retried.</summary>
    public const long MaxBufferedBodyBytes = 64 * 1024;

    /// <summary>Whether <paramref name="request"/> may be sent twice (before knowing how the first attempt ends).</summary>
    public static bool MayRepeat(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || request.Headers.ContainsKey(IdempotencyKeyHeader.Name))
        && (request.ContentLength ?? 0) <= MaxBufferedBodyBytes
        && (request.ContentLength is not null || !request.Headers.ContainsKey("Transfer-Encoding"));

    /// <summary>Whether the first attempt failed in a way a second one, on a new connection, can fix.</summary>
    public static bool IsWorthRepeating(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestBodyDestination;
}
