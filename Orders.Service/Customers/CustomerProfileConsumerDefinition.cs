using MassTransit;
using ServiceDefaults.Messaging;

namespace Orders.Service.Customers;

public sealed class CustomerProfileConsumerDefinition : ConsumerDefinition<CustomerProfileConsumer>
{
    public CustomerProfileConsumerDefinition() => ConcurrentMessageLimit = 8;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CustomerProfileConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 16;
        // Upserts are idempotent: a database hiccup is simply retried.
        endpointConfigurator.RetryIdempotentWork();
    }
}
