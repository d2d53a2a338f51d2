using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Idempotency;

/// <summary>
/// Keeps the body of a request that carries an Idempotency-Key readable after the endpoint has bound it, so
/// that the idempotency filter fingerprints the request as sent. Bodies are at most 64 KiB (the APIs' limit).
/// </summary>
internal sealed class IdempotentBodyBuffering : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (http.Request.Headers.ContainsKey(IdempotencyExtensions.HeaderName))
            {
                http.Request.EnableBuffering();
            }

            return nextMiddleware(http);
        });
        next(app);
    };
}
