using System.Diagnostics;
using MassTransit;
using Notifications.Worker.Orders;

namespace Notifications.Worker.Tests.Support;

/// <summary>
/// Publishes OrderPlaced with MassTransit, the way Orders.Service does: to the exchange named after the contract's
/// URN, with publisher confirms and the trace context in MT-Activity-Id.
/// </summary>
public sealed class OrderPublisher : IAsyncDisposable
{
    /// <summary>Where each test's publish span starts, so that a test knows the trace its email must carry.</summary>
    public static readonly ActivitySource TestSource = new("Notifications.Worker.Tests");

    private static readonly ActivityListener Listener = StartListening();

    private readonly IBusControl _bus;

    private OrderPublisher(IBusControl bus) => _bus = bus;

    public static async Task<OrderPublisher> StartAsync(string broker, CancellationToken cancellationToken)
    {
        GC.KeepAlive(Listener);
        var uri = new Uri(broker);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            var credentials = uri.UserInfo.Split(':', 2);
            var virtualHost = uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath[1..]);
            rabbit.Host(uri.Host, (ushort)uri.Port, virtualHost, host =>
            {
                host.Username(Uri.UnescapeDataString(credentials[0]));
                host.Password(Uri.UnescapeDataString(credentials[1]));
                host.PublisherConfirmation = true;
            });
            rabbit.Message<OrderPlaced>(message => message.SetEntityName(WorkerQueues.OrderPlacedExchange));
            rabbit.MessageTopology.SetEntityNameFormatter(new ServiceDefaults.Messaging.UrnEntityNameFormatter()); // the other order events
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new OrderPublisher(bus);
    }

    /// <summary>Publishes inside a new trace; returns its W3C trace id.</summary>
    public async Task<string> PublishAsync(OrderPlaced order, CancellationToken cancellationToken)
    {
        using var activity = TestSource.StartActivity("place order", ActivityKind.Server)
            ?? throw new InvalidOperationException("The test's ActivitySource has no listener.");
        // A broker that is down makes Publish wait for its confirm until cancelled: never wait forever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _bus.Publish(order, context => context.MessageId = order.EventId, timeout.Token);
        return activity.TraceId.ToHexString();
    }

    /// <summary>Publishes any order event (OrderConfirmed, OrderShipped, OrderCancelled) with its event id as MessageId.</summary>
    public async Task PublishEventAsync<TEvent>(TEvent message, Guid eventId, CancellationToken cancellationToken) where TEvent : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _bus.Publish(message, context => context.MessageId = eventId, timeout.Token);
    }

    public async Task PublishAllAsync(IEnumerable<OrderPlaced> orders, CancellationToken cancellationToken)
    {
        foreach (var order in orders)
        {
            await PublishAsync(order, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }

    // MassTransit starts its send span (and writes MT-Activity-Id) only when someone listens to its source.
    private static ActivityListener StartListening()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" || source == TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
