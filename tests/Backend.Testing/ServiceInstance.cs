using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Testing;

/// <summary>
/// Another instance of one of the app's services, in the test process (WebApplicationFactory), configured as the
/// AppHost configures that service: the connection strings of what it references (its database, the broker, the
/// cache), the endpoints of the services it references, and the token settings (public issuer, Identity.Service's
/// address). As a second replica behind a load balancer would be; the test's settings and services override.
/// </summary>
/// <typeparam name="TEntryPoint">Any type of the service's assembly: it picks the entry point.</typeparam>
/// <remarks>Made by <see cref="BackendApp.NewInstanceAsync"/>; built on first use (<see cref="ApiClient"/>, <c>Services</c>, <c>Server</c>), and
/// disposing it stops it gracefully, as SIGTERM would.</remarks>
public sealed class ServiceInstance<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    internal ServiceInstance(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _services = services;
    }

    /// <summary>The settings the instance runs with (the AppHost's, then the test's).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>A client of this instance's API, as <paramref name="accessToken"/>'s owner (anonymous without one).</summary>
    public ApiClient ApiClient(string? accessToken = null) => new(Server.BaseAddress, accessToken, CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>
    /// What the AppHost gives the resource through its references: <c>ConnectionStrings:{name}</c> for each resource
    /// with a connection string, <c>services:{name}:{endpoint}:0</c> for each service, and the token settings when it
    /// takes Identity.Service's tokens.
    /// </summary>
    internal static async Task<Dictionary<string, string?>> SettingsOfAsync(BackendApp app, string resourceName, CancellationToken cancellationToken)
    {
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        var resource = model.Resources.SingleOrDefault(r => r.Name == resourceName)
            ?? throw new InvalidOperationException($"The app has no resource {resourceName} (started: {string.Join(", ", app.Started)}).");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var referenced = resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && r.Resource != resource && model.Resources.Contains(r.Resource))
            .Select(r => r.Resource)
            .Distinct();
        foreach (var reference in referenced)
        {
            if (reference is IResourceWithConnectionString)
            {
                var connectionName = reference.Annotations.OfType<AppHost.Infrastructure.ConnectionNameAnnotation>().FirstOrDefault()?.Name ?? reference.Name;
                settings[$"ConnectionStrings:{connectionName}"] = await app.ConnectionStringAsync(reference.Name, cancellationToken)
                    ?? throw new InvalidOperationException($"No connection string for {reference.Name}.");
            }
            else if (reference is ProjectResource)
            {
                foreach (var endpoint in reference.Annotations.OfType<EndpointAnnotation>())
                {
                    settings[$"services:{reference.Name}:{endpoint.Name}:0"] = app.Endpoint(reference.Name, endpoint.Name).AbsoluteUri;
                }
            }
        }

        if (settings.ContainsKey("services:identity:http:0"))
        {
            settings["Identity:Issuer"] = app.PublicUrl.AbsoluteUri;
            settings["Identity:Authority"] = app.Endpoint("identity", "http").AbsoluteUri;
        }

        return settings;
    }
}
