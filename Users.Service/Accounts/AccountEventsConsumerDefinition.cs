using MassTransit;
using ServiceDefaults.Messaging;

namespace Users.Service.Accounts;

public sealed class AccountEventsConsumerDefinition : ConsumerDefinition<AccountEventsConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AccountEventsConsumer> consumerConfigurator, IRegistrationContext context) =>
        // Both are idempotent (an older change is ignored, an erased profile stays erased): a conflict or a database
        // hiccup is simply retried, and a concurrent edit of the profile is read again.
        endpointConfigurator.RetryIdempotentWork();
}
