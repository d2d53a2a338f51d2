using AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Backend.Testing;
using Microsoft.Extensions.Configuration;

namespace EndToEnd.Tests;

public sealed class InfrastructureModeTests
{
    public static TheoryData<string> Services => ["identity", "users", "orders", "notifications", "gateway"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_references_the_same_connection_strings_in_both_modes(string service)
    {
        var inContainers = await ReferencedConnectionStringsAsync("containers", service);
        var inProcesses = await ReferencedConnectionStringsAsync("processes", service);

        Assert.Equal(inContainers, inProcesses);
    }

    [Fact]
    public async Task Container_mode_uses_the_aspire_container_integrations()
    {
        var model = await ModelAsync("containers");

        Assert.IsType<PostgresServerResource>(model.Single(r => r.Name == "postgres"));
        Assert.IsType<RedisResource>(model.Single(r => r.Name == "cache"));
        Assert.IsType<RabbitMQServerResource>(model.Single(r => r.Name == "messaging"));
        Assert.IsType<SmtpCatcherContainerResource>(model.Single(r => r.Name == "mail"));
    }

    [Fact]
    public async Task Process_mode_runs_executables_and_no_container()
    {
        var model = await ModelAsync("processes");

        Assert.DoesNotContain(model, r => r is ContainerResource);
        foreach (var name in new[] { "postgres", "cache", "messaging", "messaging-epmd", "mail" })
        {
            Assert.IsAssignableFrom<ExecutableResource>(model.Single(r => r.Name == name));
        }
    }

    [Theory]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("Processes", InfrastructureMode.Processes)]
    public void An_explicit_mode_wins(string configured, InfrastructureMode expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Infra:Mode", configured)]).Build();

        Assert.Equal(expected, InfrastructureModeResolver.Resolve(configuration));
    }

    [Fact]
    public void Auto_mode_falls_back_to_processes_when_the_container_runtime_does_not_answer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("Infra:Mode", "auto"), new("ASPIRE_CONTAINER_RUNTIME", "no-such-container-runtime")]).Build();

        Assert.Equal(InfrastructureMode.Processes, InfrastructureModeResolver.Resolve(configuration));
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_valid_choices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Infra:Mode", "vm")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeResolver.Resolve(configuration));
        Assert.Contains("'processes'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> ReferencedConnectionStringsAsync(string mode, string service)
    {
        var model = await ModelAsync(mode);
        return [.. model.Single(r => r.Name == service).Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && r.Resource is IResourceWithConnectionString)
            .Select(r => r.Resource.Name)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The application model as the AppHost declares it, without starting anything.</summary>
    private static async Task<IResource[]> ModelAsync(string mode)
    {
        var dataDirectory = BackendApp.NewDataDirectory();
        try
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [$"--Infra:Mode={mode}", $"--Infra:DataDir={dataDirectory}"], TestContext.Current.CancellationToken);
            return [.. builder.Resources];
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
