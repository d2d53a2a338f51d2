namespace AppHost;

public static class ServiceProjects
{
    /// <summary>
    /// A .NET service whose health in the dashboard (and what WaitFor waits for) is its own readiness
    /// endpoint, which checks the service's dependencies.
    /// </summary>
    /// <remarks>
    /// Settings under <c>Services:&lt;name&gt;</c> in the AppHost's configuration reach the service as its own
    /// configuration, e.g. <c>--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=10000</c> for a benchmark.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name).WithHttpHealthCheck("/health/ready");
        var overrides = builder.Configuration.GetSection($"Services:{name}");
        foreach (var (key, value) in overrides.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null))
        {
            service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        return service;
    }

    /// <summary>
    /// An API that accepts Identity.Service's access tokens: it expects the public issuer (the gateway's
    /// URL) in them and fetches metadata and keys from Identity.Service's internal address.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTokensFrom(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ProjectResource> identity, EndpointReference publicUrl) =>
        api.WithReference(identity)
            .WithEnvironment("Identity__Issuer", publicUrl)
            .WithEnvironment("Identity__Authority", $"http://{identity.Resource.Name}");
}
