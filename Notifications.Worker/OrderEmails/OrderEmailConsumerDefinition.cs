using MassTransit;
using Microsoft.Extensions.Options;

namespace Notifications.Worker.OrderEmails;

/// <summary>The queue of all order emails: its name, prefetch, concurrency and retries (see <see cref="OrderEmailOptions"/>).</summary>
public sealed class OrderEmailConsumerDefinition : ConsumerDefinition<OrderEmailConsumer>
{
    public const string QueueName = "order-confirmation-email";

    private readonly OrderEmailOptions _options;

    public OrderEmailConsumerDefinition(IOptions<OrderEmailOptions> options)
    {
        _options = options.Value;
        // The queue's name from when it carried only OrderPlaced: a new name would strand what waits in the old queue.
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrentSends;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderEmailConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = _options.PrefetchCount;
        }

        // In-process retries (the broker has no delayed-message plugin): the message stays unacknowledged
        // meanwhile, so a crash hands it back to the queue. Jitter: each interval is randomised (±20% of the delta,
        // then ×0.75–1.25 per attempt), so replicas do not retry in lockstep against a recovering server.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(_options.RetryLimit, _options.MinRetryInterval, _options.MaxRetryInterval, _options.RetryIntervalDelta);
            retry.Ignore<Exception>(DeliveryFailures.IsPermanent);
        });
    }
}
