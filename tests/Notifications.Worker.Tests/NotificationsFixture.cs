using Backend.Testing;
using Notifications.Worker.Tests.Support;

[assembly: AssemblyFixture(typeof(Notifications.Worker.Tests.NotificationsFixture))]

namespace Notifications.Worker.Tests;

/// <summary>
/// The real AppHost (process mode) with only the notifications worker and what it needs: PostgreSQL
/// (notificationsdb), RabbitMQ (messaging) and smtp4dev (mail).
/// </summary>
public sealed class NotificationsFixture : BackendFixture, IAsyncLifetime
{
    protected override BackendAppOptions Options => new() { Only = ["notifications"] };

    public Backend.Testing.Mailbox Mailbox { get; private set; } = null!;

    public RabbitMqBroker Broker { get; private set; } = null!;

    /// <summary>Publishes to the AppHost's worker (the broker's default virtual host).</summary>
    public OrderPublisher Publisher { get; private set; } = null!;

    public string NotificationsDb { get; private set; } = null!;

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);

    protected override async Task SetUpAsync(BackendApp app, CancellationToken ct)
    {
        var messaging = await app.ConnectionStringAsync("messaging", ct) ?? throw new InvalidOperationException("No messaging.");
        NotificationsDb = await app.ConnectionStringAsync("notificationsdb", ct) ?? throw new InvalidOperationException("No notificationsdb.");
        Broker = new RabbitMqBroker(new Uri(messaging), app.Endpoint("messaging", "management"));
        Mailbox = Backend.Testing.Mailbox.Of(app);
        Publisher = await OrderPublisher.StartAsync(messaging, ct);
    }

    protected override async ValueTask TearDownAsync()
    {
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }

        Mailbox?.Dispose();
        Broker?.Dispose();
    }
}
