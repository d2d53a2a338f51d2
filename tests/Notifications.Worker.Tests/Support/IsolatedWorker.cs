using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Backend.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Worker.OrderEmails;
using Notifications.Worker.Telemetry;

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

/// <summary>The "Backend.Notifications" measurements of one worker instance (its own IMeterFactory).</summary>
public sealed class WorkerMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public WorkerMetrics(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == NotificationsTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, tagged));
        });
        _listener.Start();
    }

    public long Total(string instrument, string? tag = null, object? value = null) => _measurements
        .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var actual) && Equals(actual, value))))
        .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
