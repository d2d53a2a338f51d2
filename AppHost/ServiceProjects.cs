namespace AppHost;

public static class ServiceProjects
{
    /// <summary>
    /// A .NET service whose health in the dashboard (and what WaitFor waits for) is its own readiness
    /// endpoint, which checks the service's dependencies.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpHealthCheck("/health/ready");

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
