using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceDefaults.Api;
using ServiceDefaults.Callers;

namespace ServiceDefaults.Idempotency;

/// <summary>
/// Idempotency-Key on POST, with the semantics of the IETF httpapi draft as Stripe implements them:
/// the same key and body replay the stored response (marked <c>Idempotent-Replayed: true</c>); the same
/// key with another body is 422; the same key while the first request still runs is 409. Keys are
/// scoped to the caller and kept 24 hours. Where the key is optional, requests without it run normally; where
/// it is required (placing an order: a retry after a timeout must never place a second one) they are refused
/// with 428. Refusals the client is told to retry (429, 5xx) are not stored, so the retry runs.
/// </summary>
public static class IdempotencyExtensions
{
    public const string HeaderName = IdempotencyKeyHeader.Name;
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static IServiceCollection AddIdempotency<TDbContext>(this IServiceCollection services) where TDbContext : DbContext
    {
        services.AddTransient<IStartupFilter, IdempotentBodyBuffering>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore<TDbContext>>();
        services.AddHostedService<IdempotencyCleanup<TDbContext>>();
        return services;
    }

    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder endpoint, bool keyRequired = false)
    {
        endpoint.AddEndpointFilter((context, next) => InvokeAsync(context, next, keyRequired))
            .WithMetadata(new IdempotencyKeyHeader(keyRequired, MaxKeyLength))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return keyRequired ? endpoint.ProducesProblem(StatusCodes.Status428PreconditionRequired) : endpoint;
    }

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool keyRequired)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[HeaderName];
        if (key.Count == 0)
        {
            return keyRequired
                ? TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: $"{HeaderName} required.",
                    detail: $"Send a new {HeaderName} (a UUID) with each new request, and the same one when you retry it: a retry then never does the work twice.")
                : await next(context);
        }

        if (key.Count > 1 || !IsValidKey(key[0]!))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key.",
                detail: $"Send one {HeaderName} header of 1 to {MaxKeyLength} printable ASCII characters (a UUID is a good choice).");
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var store = http.RequestServices.GetRequiredService<IIdempotencyStore>();
        var scope = http.User.FindFirst(TokenClaims.Subject)?.Value ?? http.User.FindFirst(TokenClaims.ClientId)?.Value ?? "anonymous";
        var ct = http.RequestAborted;

        await using var attempt = await store.BeginAsync(scope, key[0]!, await FingerprintAsync(http.Request, ct), ct);
        switch (attempt.Outcome)
        {
            case IdempotencyOutcome.InFlight:
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This request is still being processed.",
                    detail: $"A request with the same {HeaderName} has not finished yet. Retry shortly to get its response.");
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused for a different request.",
                    detail: $"This {HeaderName} was used with another request body or path. Use a new key for a new request.");
            case IdempotencyOutcome.Replay:
                return new ReplayedResponse(attempt.Stored!);
        }

        var result = await next(context);
        var response = Capture(http, result, json);
        // Not stored: disposing the attempt rolls back, and a retry runs again. A 5xx or 429 says "try again"; a 401 or
        // 403 says "not you, not now", which a fresh token (say, after verifying an address) can change.
        if (response.StatusCode is >= 500 or StatusCodes.Status429TooManyRequests or StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            return result;
        }

        if (response.StatusCode >= 400)
        {
            await attempt.DiscardChangesAsync(ct);
        }

        await attempt.CompleteAsync(response, ct);
        return result;
    }

    private static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');

    /// <summary>The request as sent (see <see cref="RequestFingerprint"/>); its body was kept readable by <see cref="IdempotentBodyBuffering"/>.</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        var body = new MemoryStream();
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            await request.Body.CopyToAsync(body, ct);
            request.Body.Position = 0;
        }

        return RequestFingerprint.Compute(request.Method, request.Path, request.QueryString.Value, body.GetBuffer().AsSpan(0, (int)body.Length),
            isJson: request.HasJsonContentType() || request.ContentType?.Contains("+json", StringComparison.OrdinalIgnoreCase) == true);
    }

    private static StoredResponse Capture(HttpContext http, object? result, JsonSerializerOptions json)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result; // Results<Created<T>, ProblemHttpResult> wraps the one that was chosen
        }

        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        var value = result is IValueHttpResult { Value: { } v } ? v : null;
        if (value is Microsoft.AspNetCore.Mvc.ProblemDetails problem)
        {
            problem.Status ??= status;
            problem.Extensions.TryAdd(ServiceDefaults.Problems.ProblemDetailsExtensions.TraceIdKey, System.Diagnostics.Activity.Current?.TraceId.ToString());
        }

        var contentType = result is IContentTypeHttpResult { ContentType: { } type } ? type
            : value is Microsoft.AspNetCore.Mvc.ProblemDetails ? "application/problem+json" : "application/json; charset=utf-8";
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        var etag = http.Response.Headers.ETag.Count > 0 ? http.Response.Headers.ETag.ToString() : null;
        var body = value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);
        return new StoredResponse(status, value is null ? null : contentType, location, etag, body);
    }

    private sealed class ReplayedResponse(StoredResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = stored.StatusCode;
            http.Response.Headers[ReplayedHeaderName] = "true";
            if (stored.Location is not null)
            {
                http.Response.Headers.Location = stored.Location;
            }

            if (stored.ETag is not null)
            {
                http.Response.Headers.ETag = stored.ETag;
            }

            if (stored.Body is not null)
            {
                http.Response.ContentType = stored.ContentType;
                await http.Response.Body.WriteAsync(stored.Body, http.RequestAborted);
            }
        }
    }
}
