using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ServiceDefaults.Callers;

namespace Gateway.Protection;

public static class EdgeProtections
{
    public const string ApiRateLimit = "api";
    public const string CredentialsRateLimit = "credentials";
    public const string WebClientsCors = "web-clients";

    public static TBuilder AddEdgeProtections<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new();
        builder.Services.AddSingleton(options);

        // Kestrel's own limits sit above ours: requests between the two get a problem+json answer from
        // RequestLimits; only absurd ones are cut by Kestrel itself.
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The client's pace is judged here, first (Kestrel's default); the services behind wait longer.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = Math.Max(options.Limits.MaxUrlLength * 4, 16 * 1024);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(options.Limits.MaxHeaderBytes * 4, 64 * 1024);
            kestrel.Limits.MaxRequestHeaderCount = Math.Max(options.Limits.MaxHeaderCount * 2, 128);
        });

        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = options.StrictTransportSecurity.MaxAge;
            hsts.IncludeSubDomains = options.StrictTransportSecurity.IncludeSubDomains;
            hsts.Preload = options.StrictTransportSecurity.Preload;
        });

        builder.Services.AddCors(cors => cors.AddPolicy(WebClientsCors, policy => policy
            .WithOrigins(options.Cors.AllowedOrigins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match", "traceparent")
            .WithExposedHeaders("ETag", "Location", "Retry-After", "Idempotent-Replayed")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(ApiRateLimit, http => http.User.FindFirst(TokenClaims.Subject)?.Value is { } user
                ? RateLimitPartition.GetTokenBucketLimiter($"user:{user}", _ => Bucket(options.RateLimiting.PerUser))
                : RateLimitPartition.GetTokenBucketLimiter($"ip:{ClientIp(http)}", _ => Bucket(options.RateLimiting.PerClientIp)));
            limiter.AddPolicy(CredentialsRateLimit, http =>
                RateLimitPartition.GetFixedWindowLimiter($"ip:{ClientIp(http)}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimiting.Credentials.PermitLimit,
                    Window = options.RateLimiting.Credentials.Window,
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    private static TokenBucketRateLimiterOptions Bucket(EdgeOptions.BucketOptions bucket) => new()
    {
        TokenLimit = bucket.PermitLimit,
        TokensPerPeriod = bucket.TokensPerPeriod,
        ReplenishmentPeriod = bucket.Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string ClientIp(HttpContext http) => ClientNetworks.PartitionOf(http.Connection.RemoteIpAddress);

    /// <summary>429 problem+json with Retry-After (seconds until a permit is likely).</summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Slow down: retry after {seconds} second(s).",
            },
        });
    }
}
