using Gateway.Protection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy;

public static class EdgeProxyExtensions
{
    /// <summary>The downstream services, by YARP cluster id; each one is also a readiness check of the gateway.</summary>
    public static readonly string[] Downstreams = ["identity", "users", "orders"];

    /// <summary>
    /// YARP with the route table from configuration (ReverseProxy section). Destinations are service names
    /// (http://users) resolved by Aspire service discovery. X-Forwarded-For/Proto/Host/Prefix are set (not
    /// appended) on every request, so services build public URLs; headers that only describe our servers
    /// are removed from responses.
    /// </summary>
    public static TBuilder AddEdgeProxy<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms =>
            {
                foreach (var header in InternalResponseHeaders)
                {
                    transforms.AddResponseHeaderRemove(header);
                }
            });
        builder.Services.AddRequestTimeouts();

        var health = builder.Services.AddHealthChecks();
        foreach (var service in Downstreams)
        {
            health.Add(new HealthCheckRegistration(service,
                services => new DownstreamHealthCheck(service, services.GetRequiredService<IProxyStateLookup>()),
                HealthStatus.Degraded, ["downstream"], TimeSpan.FromSeconds(5)));
        }
        return builder;
    }

    public static WebApplication MapEdgeProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<EdgeTokenCheck>();
            proxy.UseMiddleware<ProxyErrorProblems>();
        });
        return app;
    }

    private static readonly string[] InternalResponseHeaders = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version"];
}

/// <summary>
/// Is the service reachable? Read from YARP's own active health checks (each cluster probes its
/// destinations' /health/live every 2 s), so the readiness report and the routing agree. A service that
/// is down degrades the gateway, which keeps serving the other routes, and its routes answer 503 at once.
/// </summary>
internal sealed class DownstreamHealthCheck(string cluster, IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(cluster, out var model))
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"No cluster '{cluster}' is configured."));
        }

        var reachable = model.Destinations.Values.Any(d =>
            d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
        return Task.FromResult(reachable
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"{cluster} does not answer its health probe."));
    }
}
