namespace AppHost.Infrastructure.Processes;

/// <summary>
/// A RabbitMQ node from the Debian package with its own node name, mnesia and log folders, AMQP,
/// management and distribution ports, and its own epmd: nothing is shared with the system's broker
/// or with another run.
/// </summary>
public sealed class RabbitMqProcessResource(string name, string command, string workingDirectory,
    ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string DistributionEndpointName = "distribution";

    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference Amqp => new(this, AmqpEndpointName);

    // Same shape as Aspire's RabbitMQ container resource.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@{Amqp.Property(EndpointProperty.IPV4Host)}:{Amqp.Property(EndpointProperty.Port)}");
}
