using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

public static class ResourceHealthChecks
{
    /// <summary>
    /// Registers a health check in the AppHost and attaches it to the resource, so that WaitFor on the
    /// resource means "answers requests", not merely "process started".
    /// </summary>
    public static IResourceBuilder<T> WithRegisteredHealthCheck<T>(this IResourceBuilder<T> builder, string key,
        Action<IHealthChecksBuilder> register) where T : IResource
    {
        register(builder.ApplicationBuilder.Services.AddHealthChecks());
        return builder.WithHealthCheck(key);
    }

    /// <summary>Healthy once something accepts TCP connections on the port (for servers without a protocol-level check).</summary>
    public static IHealthChecksBuilder AddTcpAccept(this IHealthChecksBuilder checks, string name, Func<EndpointReference> endpoint) =>
        checks.AddAsyncCheck(name, async ct =>
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, endpoint().Port, ct);
                return HealthCheckResult.Healthy();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });
}
