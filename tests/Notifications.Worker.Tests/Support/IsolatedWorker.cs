using System.Diagnostics.Metrics;
using Backend.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Worker.OrderEmails;

namespace Notifications.Worker.Tests.Support;

/// <summary>
/// A second Notifications.Worker, in the test process, on the real notificationsdb and RabbitMQ but in a virtual
/// host of its own (so the AppHost's worker never takes its messages) and sending to a <see cref="TestSmtpServer"/>.
/// Its metrics are readable, and it can be stopped gracefully as SIGTERM would.
/// </summary>
public sealed class IsolatedWorker : IAsyncDisposable
{
    private readonly ServiceInstance<OrderEmail> _factory;
    private bool _stopped;

    private IsolatedWorker(ServiceInstance<OrderEmail> factory, string virtualHost, OrderPublisher publisher)
    {
        _factory = factory;
        VirtualHost = virtualHost;
        Publisher = publisher;
        Metrics = new WorkerMetrics(factory.Services.GetRequiredService<IMeterFactory>());
    }

    public string VirtualHost { get; }

    public OrderPublisher Publisher { get; }

    public WorkerMetrics Metrics { get; }

    /// <summary>Starts a worker; in a new virtual host, or in <paramref name="virtualHost"/> to take over a stopped worker's queue.</summary>
    public static async Task<IsolatedWorker> StartAsync(NotificationsFixture fixture, TestSmtpServer smtp, CancellationToken cancellationToken,
        string? virtualHost = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        virtualHost ??= "notifications-test-" + Guid.NewGuid().ToString("N")[..8];
        var messaging = await fixture.Broker.CreateVirtualHostAsync(virtualHost, cancellationToken);
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = messaging,
            ["ConnectionStrings:mail"] = smtp.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            overrides[key] = value;
        }

        var factory = await fixture.App.NewInstanceAsync<OrderEmail>("notifications", overrides, cancellationToken: cancellationToken);
        try
        {
            // Builds and starts the host (migrations, then the bus); publish only once its queue is bound.
            var bus = factory.Services.GetRequiredService<IBusControl>();
            var health = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
            if (health != BusHealthStatus.Healthy)
            {
                throw new InvalidOperationException($"The isolated worker's bus is {health}.");
            }

            return new IsolatedWorker(factory, virtualHost, await OrderPublisher.StartAsync(messaging, cancellationToken));
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the worker as SIGTERM does (the host's graceful shutdown).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Publisher.DisposeAsync();
        await _factory.DisposeAsync();
        // After the host's stop, which waits for the sends in flight: their measurements count too (and stay readable).
        Metrics.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
