using MassTransit;
using Microsoft.Extensions.Options;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>The "order-confirmation-email" queue: prefetch, concurrency and retries (see <see cref="OrderConfirmationOptions"/>).</summary>
public sealed class OrderConfirmationEmailConsumerDefinition : ConsumerDefinition<OrderConfirmationEmailConsumer>
{
    private readonly OrderConfirmationOptions _options;

    public OrderConfirmationEmailConsumerDefinition(IOptions<OrderConfirmationOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentSends;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderConfirmationEmailConsumer> consumerConfigurator, IRegistrationContext context)
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
