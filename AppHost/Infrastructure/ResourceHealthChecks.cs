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

    /// <summary>
    /// Healthy once epmd answers a NAMES request (its protocol: a 2-byte length, then 'n'; the answer starts with
    /// epmd's own port, 4 bytes). A bare connect-and-close would do as a probe, but epmd logs every such
    /// connection as an error ("got partial packet only"), every few seconds in the dashboard.
    /// </summary>
    public static IHealthChecksBuilder AddEpmdNames(this IHealthChecksBuilder checks, string name, Func<EndpointReference> endpoint) =>
        checks.AddAsyncCheck(name, async ct =>
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, endpoint().Port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync(new byte[] { 0, 1, (byte)'n' }, ct);
                var port = new byte[4];
                await stream.ReadExactlyAsync(port, ct);
                return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(port) == endpoint().Port
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("Something other than our epmd answers on its port.");
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });
}
