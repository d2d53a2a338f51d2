using Backend.Testing;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.PlatformFixture))]

namespace EndToEnd.Tests;

/// <summary>One running system (the real AppHost, process mode) shared by every test of this assembly.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async ValueTask InitializeAsync() =>
        _app = await BackendApp.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
