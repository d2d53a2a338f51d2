namespace AppHost.Infrastructure;

/// <summary>
/// Credentials shared by both modes. Generated once and kept in the AppHost's user secrets, or set
/// explicitly with Parameters__&lt;name&gt;. Letters and digits only: they go into URIs and config files.
/// </summary>
public sealed record InfrastructureCredentials(
    IResourceBuilder<ParameterResource> PostgresPassword,
    IResourceBuilder<ParameterResource> RedisPassword,
    IResourceBuilder<ParameterResource> RabbitMqUserName,
    IResourceBuilder<ParameterResource> RabbitMqPassword)
{
    public static InfrastructureCredentials Create(IDistributedApplicationBuilder builder) => new(
        Secret(builder, "postgres-password"),
        Secret(builder, "cache-password"),
        builder.AddParameter("messaging-username", "backend"),
        Secret(builder, "messaging-password"));

    /// <summary>A generated secret, kept once made (each database's owner has one: OwnedDatabases).</summary>
    public static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
}
