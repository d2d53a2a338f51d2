using Microsoft.Extensions.Options;

namespace Identity.Service.Clients;

public static class ClientSeeding
{
    public static async Task SyncClientsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ClientCatalog>();
        await catalog.SyncAsync(scope.ServiceProvider.GetRequiredService<IOptions<ClientOptions>>().Value, CancellationToken.None);
    }
}
