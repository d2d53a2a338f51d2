namespace AppHost.Infrastructure.Processes;

public static class LoopbackEndpoints
{
    /// <summary>
    /// A TCP endpoint on 127.0.0.1 whose port Aspire allocates and the server itself listens on (no proxy in
    /// between: a restarted server is reachable again at once, and the connection string names its real port).
    /// </summary>
    public static IResourceBuilder<T> WithLoopbackEndpoint<T>(this IResourceBuilder<T> builder, string name, string scheme = "tcp")
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, endpoint =>
        {
            endpoint.UriScheme = scheme;
            endpoint.IsProxied = false;
            endpoint.TargetHost = "127.0.0.1";
        });
}
