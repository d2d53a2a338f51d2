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
}
