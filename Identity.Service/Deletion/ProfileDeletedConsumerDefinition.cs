using MassTransit;

namespace Identity.Service.Deletion;

public sealed class ProfileDeletedConsumerDefinition : ConsumerDefinition<ProfileDeletedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProfileDeletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        // Deleting an account that is already gone does nothing: a database hiccup is simply retried.
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)));
}
