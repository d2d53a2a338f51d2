using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy;

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
