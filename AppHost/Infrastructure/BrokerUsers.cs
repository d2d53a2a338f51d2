using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;

namespace AppHost.Infrastructure;

/// <summary>
/// A RabbitMQ user per service, with only its <see cref="BrokerPermissions"/>, made through the management API by the
/// AppHost (which alone holds the administrator's password) whenever the broker is ready. Each service gets a
/// connection string of its own user under the usual name, "messaging" (docs/architecture.md, "Least privilege").
/// </summary>
public static class BrokerUsers
{
    /// <summary>The name a service's broker connection string has in the service (ConnectionStrings:messaging).</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// The users of every service in <see cref="BrokerPermissions.OfServices"/>, as connection-string resources named
    /// messaging-{service}; <paramref name="amqp"/> is "host:port" as the services reach the broker.
    /// </summary>
    public static IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> AddBrokerUsers<TBroker>(this IResourceBuilder<TBroker> broker,
        ReferenceExpression amqp, EndpointReference management, InfrastructureCredentials credentials)
        where TBroker : class, IResourceWithConnectionString
    {
        var builder = broker.ApplicationBuilder;
        var users = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        foreach (var (service, permissions) in BrokerPermissions.OfServices)
        {
            var password = InfrastructureCredentials.Secret(builder, $"messaging-{service}-password");
            IConnection? healthConnection = null;
            users[service] = broker.AddServiceUser($"messaging-{service}", ReferenceExpression.Create($"amqp://{service}:{password.Resource}@{amqp}"),
                ConnectionName, (checks, name, connectionString) => checks.AddRabbitMQ(async _ =>
                {
                    // Connects as the service's user: healthy once the user exists with its current password.
                    if (healthConnection is not { IsOpen: true })
                    {
                        healthConnection?.Dispose();
                        healthConnection = await new ConnectionFactory { Uri = new Uri(connectionString()) }.CreateConnectionAsync();
                    }

                    return healthConnection;
                }, name: name));

            // Once per run (users live in the broker's data, which a restart keeps), however often the broker becomes ready again.
            var ensured = new OncePerRun();
            broker.OnResourceReady((_, _, ct) => ensured.RunAsync(async () =>
            {
                var secret = await password.Resource.GetValueAsync(ct) ?? throw new DistributedApplicationException($"{password.Resource.Name} has no value.");
                await EnsureUserAsync(management, credentials, service, secret, permissions, ct);
            }, ct));
        }

        return users;
    }

    /// <summary>Creates or updates the user (its password) and sets its permissions on the default virtual host. Idempotent.</summary>
    private static async Task EnsureUserAsync(EndpointReference management, InfrastructureCredentials credentials, string user, string password,
        BrokerPermissions permissions, CancellationToken ct)
    {
        var adminName = await credentials.RabbitMqUserName.Resource.GetValueAsync(ct);
        var adminPassword = await credentials.RabbitMqPassword.Resource.GetValueAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(management.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{adminName}:{adminPassword}")));

        using var created = await http.PutAsJsonAsync($"/api/users/{Uri.EscapeDataString(user)}", new { password, tags = "" }, ct);
        created.EnsureSuccessStatusCode();
        using var allowed = await http.PutAsJsonAsync($"/api/permissions/%2F/{Uri.EscapeDataString(user)}",
            new { configure = permissions.Configure, write = permissions.Write, read = permissions.Read }, ct);
        allowed.EnsureSuccessStatusCode();
    }
}
