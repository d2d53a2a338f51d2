using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

/// <summary>
/// The connection string of one service's own user on a server (a broker user, a cache user): a resource under the
/// server, known to its service by the usual name, waiting for the server, and healthy once its health check, which
/// connects as that user, passes. WaitFor on it then means "the user exists with its current password".
/// </summary>
public static class ServiceUserConnections
{
    /// <param name="name">The resource's name (messaging-users, cache-users).</param>
    /// <param name="connectionName">The name the service knows it by (messaging, cache).</param>
    /// <param name="healthCheck">Registers the check named <c>{name}_check</c>, given the connection string once available.</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddServiceUser<TServer>(this IResourceBuilder<TServer> server, string name,
        ReferenceExpression connectionString, string connectionName, Action<IHealthChecksBuilder, string, Func<string>> healthCheck)
        where TServer : class, IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        string? value = null;
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(builder
            .AddConnectionString(name, connectionString)
            .WithParentRelationship(server.Resource)
            .WithAnnotation(new ConnectionNameAnnotation(connectionName))
            .WaitFor(server)
            .OnConnectionStringAvailable(async (user, _, ct) => value = await user.ConnectionStringExpression.GetValueAsync(ct))
            .WithRegisteredHealthCheck($"{name}_check", checks => healthCheck(checks, $"{name}_check",
                () => value ?? throw new InvalidOperationException("Connection string is unavailable")))
            .Resource);
    }
}
