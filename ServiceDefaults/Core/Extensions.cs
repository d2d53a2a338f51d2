using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDefaults.Health;
using ServiceDefaults.Http;
using ServiceDefaults.Problems;
using ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every service shares: telemetry, health, service discovery, resilience, problem details, shutdown.</summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddProblemDetailsDefaults();
        builder.AddForwardedHeadersFromGateway();

        // One clock for every service's code, replaced by a fake one in unit tests.
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // On SIGTERM: readiness turns unhealthy at once (see ShutdownHealthCheck), Kestrel stops accepting
        // and in-flight requests get this long to finish.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));

        // No "Server: Kestrel" on responses: nothing to gain from telling clients what we run. A body that arrives too
        // slowly is the gateway's to refuse (408, Kestrel's default 5 s grace there, EdgeProtections): a service behind it
        // waits longer, or its own refusal could race the gateway's and reach the client as "service unavailable".
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(15));
        });

        return builder;
    }

    /// <summary>
    /// The head of every pipeline, called first in Program: the public URL from the gateway's forwarded
    /// headers, then every error as problem details, then JSON bodies refused unless in UTF-8. It must come
    /// before anything that can throw; placed here it also runs inside the framework's Development exception
    /// page, so client errors (bad JSON) never show a stack trace, even in Development.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // Every response names its trace: a client quoting it finds the whole request in the traces.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (System.Diagnostics.Activity.Current is { } activity && !context.Response.Headers.ContainsKey(TraceHeaders.TraceId))
                {
                    context.Response.Headers[TraceHeaders.TraceId] = activity.TraceId.ToString();
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseUtf8JsonBodies();
        return app;
    }

    /// <summary>
    /// /health/live (the process answers) and /health/ready (its dependencies answer), mapped in every
    /// environment: orchestrators and the gateway probe production too. Neither reveals more than names and statuses.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        return app;
    }
}
