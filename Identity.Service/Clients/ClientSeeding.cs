using Microsoft.Extensions.Options;

namespace Identity.Service.Clients;

public static class ClientSeeding
{
    public static async Task SyncClientsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<ClientCatalog>();
        await catalog.SyncAsync(services.GetRequiredService<IOptions<ClientOptions>>().Value, cancellationToken);
    }
}
