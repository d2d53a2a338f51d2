using AppHost.Infrastructure.Processes;

namespace AppHost.Infrastructure;

public static class BackendInfrastructureExtensions
{
    public static BackendInfrastructure AddBackendInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var credentials = InfrastructureCredentials.Create(builder);
        var mode = InfrastructureModeResolver.Resolve(builder.Configuration);

        return mode switch
        {
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(credentials),
            _ => builder.AddProcessInfrastructure(credentials),
        };
    }
}
