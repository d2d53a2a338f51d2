using MassTransit;
using ServiceDefaults.Messaging;

namespace Identity.Service.Deletion;

public sealed class ProfileDeletedConsumerDefinition : ConsumerDefinition<ProfileDeletedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProfileDeletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        // Deleting an account that is already gone does nothing: a database hiccup is simply retried.
        endpointConfigurator.RetryIdempotentWork();
}
