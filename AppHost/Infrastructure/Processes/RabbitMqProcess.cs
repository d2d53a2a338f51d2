using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace AppHost.Infrastructure.Processes;

public static class RabbitMqProcess
{
    public static IResourceBuilder<RabbitMqProcessResource> AddRabbitMqProcess(this IDistributedApplicationBuilder builder,
        string name, IResourceBuilder<ParameterResource> userName, IResourceBuilder<ParameterResource> password, LocalDataDirectory data)
    {
        var root = data.Component(name);
        var nodeName = $"backend-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..8]}@localhost";

        // epmd maps node names to distribution ports. Run our own on an allocated port so that the
        // broker does not spawn a daemon one (on 4369) that would outlive the run.
        var epmd = builder.AddExecutable($"{name}-epmd", HostCommand.Locate("epmd", "/usr/bin/epmd"), root)
            .WithLoopbackEndpoint("tcp");
        var epmdEndpoint = epmd.GetEndpoint("tcp");
        epmd.WithArgs(context =>
            {
                context.Args.Add("-port");
                context.Args.Add(epmdEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-address");
                context.Args.Add("127.0.0.1");
            })
            .WithRegisteredHealthCheck($"{name}-epmd_check", checks => checks.AddEpmdNames($"{name}-epmd_check", () => epmdEndpoint));

        var resource = new RabbitMqProcessResource(name,
            HostCommand.Locate("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server"), root, userName.Resource, password.Resource);
        string? connectionString = null;
        IConnection? healthConnection = null;

        var rabbit = builder.AddResource(resource)
            .WithLoopbackEndpoint(RabbitMqProcessResource.AmqpEndpointName)
            .WithLoopbackEndpoint(RabbitMqProcessResource.DistributionEndpointName)
            .WithLoopbackEndpoint(RabbitMqProcessResource.ManagementEndpointName, scheme: "http")
            .WithIconName("Mailbox");

        EndpointReference Endpoint(string endpoint) => rabbit.GetEndpoint(endpoint);

        epmd.WithParentRelationship(rabbit);

        return rabbit
            .WaitFor(epmd)
            .WithEnvironment(context =>
            {
                var env = context.EnvironmentVariables;
                env["HOME"] = root; // holds the Erlang cookie
                env["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf");
                env["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins");
                env["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
                env["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
                env["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbitmq.pid");
                env["RABBITMQ_LOGS"] = "-";
                env["RABBITMQ_NODENAME"] = nodeName;
                env["RABBITMQ_DIST_PORT"] = Endpoint(RabbitMqProcessResource.DistributionEndpointName).Property(EndpointProperty.TargetPort);
                env["ERL_EPMD_PORT"] = epmdEndpoint.Property(EndpointProperty.TargetPort);
                // Run erl in the foreground (the script's default backgrounds it behind a shell that traps
                // signals) so the orchestrator's SIGTERM reaches the node itself.
                env["RABBITMQ_ALLOW_INPUT"] = "true";
                env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-noinput -start_epmd false -kernel inet_dist_use_interface {127,0,0,1}";
                // Every erl the node spawns reads this too: RabbitMQ's epmd monitor, finding our epmd gone (it is
                // stopped alongside the node), would otherwise start an "epmd -daemon" that outlives the run.
                env["ERL_AFLAGS"] = "-start_epmd false";
            })
            .OnBeforeResourceStarted(async (node, _, ct) =>
            {
                var user = await node.UserName.GetValueAsync(ct) ?? throw new DistributedApplicationException("messaging-username has no value.");
                var secret = await node.Password.GetValueAsync(ct) ?? throw new DistributedApplicationException("messaging-password has no value.");
                WriteNodeConfiguration(root, user, secret,
                    amqpPort: Endpoint(RabbitMqProcessResource.AmqpEndpointName).Port,
                    managementPort: Endpoint(RabbitMqProcessResource.ManagementEndpointName).Port);
            })
            .WithUrlForEndpoint(RabbitMqProcessResource.ManagementEndpointName, url => url.DisplayText = "RabbitMQ management")
            .WithUrlForEndpoint(RabbitMqProcessResource.DistributionEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .OnConnectionStringAvailable(async (node, _, ct) => connectionString = await node.ConnectionStringExpression.GetValueAsync(ct))
            .WithRegisteredHealthCheck($"{name}_check", checks => checks.AddRabbitMQ(async _ =>
            {
                // One connection reused across checks; the client recovers it after a broker restart.
                if (healthConnection is not { IsOpen: true })
                {
                    healthConnection?.Dispose();
                    healthConnection = await new ConnectionFactory { Uri = new Uri(connectionString!) }.CreateConnectionAsync();
                }

                return healthConnection;
            }, name: $"{name}_check"));
    }

    private static readonly string[] AdministratorTag = ["administrator"];

    /// <summary>
    /// Rewritten at every start. The user comes from a definitions file that RabbitMQ imports at each boot,
    /// so a changed password parameter applies to an existing node as well; default_user avoids "guest".
    /// </summary>
    private static void WriteNodeConfiguration(string root, string user, string password, int amqpPort, int managementPort)
    {
        var definitions = Path.Combine(root, "definitions.json");
        File.WriteAllText(Path.Combine(root, "rabbitmq-env.conf"), "# Intentionally empty: this node ignores /etc/rabbitmq/rabbitmq-env.conf.\n");
        File.WriteAllText(Path.Combine(root, "enabled_plugins"), "[rabbitmq_management].\n");
        HostCommand.WritePrivateFile(Path.Combine(root, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{amqpPort}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {managementPort}
            loopback_users = none
            default_user = {user}
            default_pass = {password}
            load_definitions = {definitions}
            log.console = true
            log.console.level = info
            log.file = false
            """);
        HostCommand.WritePrivateFile(definitions, JsonSerializer.Serialize(new
        {
            users = new[] { new { name = user, password_hash = HashPassword(password), hashing_algorithm = "rabbit_password_hashing_sha256", tags = AdministratorTag } },
            vhosts = new[] { new { name = "/" } },
            permissions = new[] { new { user, vhost = "/", configure = ".*", write = ".*", read = ".*" } },
        }));

        var cookie = Path.Combine(root, ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            HostCommand.WritePrivateFile(cookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(20)), readOnly: true);
        }
    }

    /// <summary>RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ utf8(password))), 4-byte salt.</summary>
    private static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }
}
