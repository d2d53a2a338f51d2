using Backend.Testing;
using Notifications.Worker.Tests.Support;

[assembly: AssemblyFixture(typeof(Notifications.Worker.Tests.NotificationsFixture))]

namespace Notifications.Worker.Tests;

/// <summary>
/// The real AppHost (process mode) with only the notifications worker and what it needs: PostgreSQL
/// (notificationsdb), RabbitMQ (messaging) and smtp4dev (mail).
/// </summary>
public sealed class NotificationsFixture : IAsyncLifetime
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException("Not started.");

    public Backend.Testing.Mailbox Mailbox { get; private set; } = null!;

    public RabbitMqBroker Broker { get; private set; } = null!;

    /// <summary>Publishes to the AppHost's worker (the broker's default virtual host).</summary>
    public OrderPublisher Publisher { get; private set; } = null!;

    public string NotificationsDb { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _app = await BackendApp.StartAsync(new BackendAppOptions { Only = ["notifications"] }, ct);
        var messaging = await App.ConnectionStringAsync("messaging", ct) ?? throw new InvalidOperationException("No messaging.");
        NotificationsDb = await App.ConnectionStringAsync("notificationsdb", ct) ?? throw new InvalidOperationException("No notificationsdb.");
        Broker = new RabbitMqBroker(new Uri(messaging), App.Endpoint("messaging", "management"));
        Mailbox = Backend.Testing.Mailbox.Of(App);
        Publisher = await OrderPublisher.StartAsync(messaging, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }

        Mailbox?.Dispose();
        Broker?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
