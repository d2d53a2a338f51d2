namespace AppHost.Infrastructure.Processes;

/// <summary>Holds the data folder's lock for the app's lifetime and releases it when the app is disposed.</summary>
internal sealed class DataDirectoryLease(LocalDataDirectory data) : Microsoft.Extensions.Hosting.IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => data.Dispose();
}
