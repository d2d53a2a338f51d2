using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using AppHost.Infrastructure;

namespace AppHost;

public static class ServiceProjects
{
    public const string ReplicasKey = "Services:Replicas";

    /// <summary>
    /// A .NET service whose health in the dashboard (and what WaitFor waits for) is its own readiness
    /// endpoint, which checks the service's dependencies.
    /// </summary>
    /// <remarks>
    /// Settings under <c>Services:&lt;name&gt;</c> in the AppHost's configuration reach the service as its own
    /// configuration, e.g. <c>--Services:gateway:Gateway:RateLimiting:PerUser:PermitLimit=10000</c> for a benchmark.
    /// </remarks>
    /// <remarks>
    /// With one replica (the default) the service listens on its endpoint itself; Aspire's proxy would add
    /// a TCP hop to every call. <c>Services:Replicas</c> above 1 runs that many of each service behind
    /// Aspire's proxy, which spreads the calls. The endpoint's port is Aspire's choice (parallel runs never
    /// collide), except the gateway's public one: <c>Gateway:Port</c> (default 5080; 0 lets Aspire choose).
    /// </remarks>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int? publicPort = null)
        where TProject : IProjectMetadata, new()
    {
        var replicas = builder.Configuration.GetValue(ReplicasKey, 1);
        var service = builder.AddProject<TProject>(name).WithHttpHealthCheck("/health/ready", endpointName: "http");
        if (replicas > 1)
        {
            service.WithReplicas(replicas);
        }
        else
        {
            service.WithEndpoint("http", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = publicPort is > 0 ? publicPort : null;
                endpoint.TargetPort = endpoint.Port;
            });
        }

        if (builder.ExecutionContext.IsRunMode)
        {
            service.RunBuiltOutput();
        }

        // A gen0 budget of 8 MiB instead of one sized from the CPU's L3 cache (32 MiB here): ~10 MB less resident memory
        // per service under load, for a few more (cheap) gen0 collections. A setting Services:<name>:DOTNET_GCgen0size overrides it.
        service.WithEnvironment("DOTNET_GCgen0size", "0x800000");

        var overrides = builder.Configuration.GetSection($"Services:{name}");
        foreach (var (key, value) in overrides.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null))
        {
            service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        return service;
    }

    public const string Http2EndpointName = "h2c";

    /// <summary>
    /// Starts the service's built executable itself instead of Aspire's default <c>dotnet run --no-build</c>: that
    /// wrapper evaluates the project with MSBuild and then stays alive as the service's parent, 1.4-3.4 s of CPU each,
    /// about 12 s for the five services of a cold start on 2 cores (docs/architecture.md, "Runtime settings for small
    /// machines"). The AppHost's build has built it (a project reference), in the AppHost's configuration, where
    /// <c>dotnet run</c> would find it. Without that output (another layout) the default stays.
    /// </summary>
    private static void RunBuiltOutput(this IResourceBuilder<ProjectResource> service)
    {
        var project = service.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(project)!;
        var host = typeof(ServiceProjects).Assembly;
        var configuration = host.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var framework = host.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName is { } name
            ? "net" + new FrameworkName(name).Version.ToString(2)
            : null;
        var executable = Path.GetFileNameWithoutExtension(project) + (OperatingSystem.IsWindows() ? ".exe" : "");
        var output = configuration is null || framework is null ? null : Path.Combine(directory, "bin", configuration, framework, executable);
        if (output is null || !File.Exists(output))
        {
            return;
        }

        service.WithAnnotation(new ExecutableAnnotation { Command = output, WorkingDirectory = directory }, ResourceAnnotationMutationBehavior.Replace);
        // The executable finds the runtime the AppHost runs on, wherever it is installed (dotnet run told it the same way).
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is null)
        {
            service.WithEnvironment("DOTNET_ROOT", Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")));
        }
    }

    /// <summary>The service's own broker user (least privilege: BrokerPermissions), as its "messaging" connection string.</summary>
    public static IResourceBuilder<ProjectResource> WithBrokerUser(this IResourceBuilder<ProjectResource> service, BackendInfrastructure infrastructure)
    {
        var user = infrastructure.BrokerUsers[service.Resource.Name];
        return service.WithReference(user, BrokerUsers.ConnectionName).WaitFor(user);
    }

    /// <summary>The service's own Redis user (least privilege: CachePermissions), as its "cache" connection string.</summary>
    public static IResourceBuilder<ProjectResource> WithCacheUser(this IResourceBuilder<ProjectResource> service, BackendInfrastructure infrastructure)
    {
        var user = infrastructure.CacheUsers[service.Resource.Name];
        return service.WithReference(user, CacheUsers.ConnectionName).WaitFor(user);
    }

    /// <summary>
    /// A second endpoint speaking cleartext HTTP/2 only (prior knowledge, "h2c"), for the gateway: it multiplexes
    /// every proxied request over one connection instead of one connection per request in flight, which on small
    /// machines roughly halves what the hop costs (fewer reads, writes and thread wake-ups per request; see
    /// docs/benchmarks.md). The "http" endpoint stays HTTP/1.1 for everything else: health probes, direct calls.
    /// </summary>
    /// <remarks>
    /// Kestrel cannot serve HTTP/1.1 and cleartext HTTP/2 on one port (without TLS there is no ALPN to choose),
    /// hence two endpoints, declared to Kestrel through its configuration (which replaces ASPNETCORE_URLS).
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithHttp2Endpoint(this IResourceBuilder<ProjectResource> service)
    {
        var replicas = service.ApplicationBuilder.Configuration.GetValue(ReplicasKey, 1);
        service.WithEndpoint(Http2EndpointName, endpoint =>
        {
            endpoint.UriScheme = "http";
            endpoint.Transport = "http2";
            endpoint.IsProxied = replicas > 1;
        });

        var http = service.GetEndpoint("http");
        var http2 = service.GetEndpoint(Http2EndpointName);
        return service.WithEnvironment(context =>
        {
            context.EnvironmentVariables.Remove("ASPNETCORE_URLS");
            context.EnvironmentVariables["Kestrel__Endpoints__http__Url"] = ReferenceExpression.Create($"http://localhost:{http.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables["Kestrel__Endpoints__http__Protocols"] = "Http1";
            context.EnvironmentVariables[$"Kestrel__Endpoints__{Http2EndpointName}__Url"] = ReferenceExpression.Create($"http://localhost:{http2.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables[$"Kestrel__Endpoints__{Http2EndpointName}__Protocols"] = "Http2";
        });
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
