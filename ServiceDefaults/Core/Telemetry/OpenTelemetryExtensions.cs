using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

public static class OpenTelemetryExtensions
{
    /// <summary>Every ActivitySource and Meter of our own code is named "Backend.&lt;Component&gt;".</summary>
    public const string SourcePrefix = "Backend.";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourcePrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(SourcePrefix + "*")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsHealthProbe(request.RequestUri)));

        // The AppHost (and any deployment) sets OTEL_EXPORTER_OTLP_ENDPOINT; without it nothing is exported.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    // Probes every few seconds would drown the traces people look for: neither the probed service (incoming) nor the
    // prober (the gateway's active health checks, outgoing) traces them.
    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private static bool IsHealthProbe(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && IsHealthProbe(new PathString(uri.AbsolutePath));
}
