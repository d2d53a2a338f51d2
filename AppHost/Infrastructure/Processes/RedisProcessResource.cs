namespace AppHost.Infrastructure.Processes;

/// <summary>
/// A Redis server from the Debian package; password-protected, bound to loopback. It is a cache, so it
/// keeps nothing across restarts: a restarted cache starts empty instead of serving entries whose
/// invalidation it missed while it was down.
/// </summary>
public sealed class RedisProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    // Same shape as Aspire's Redis container resource: host:port,password=...
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={Password}");
}
