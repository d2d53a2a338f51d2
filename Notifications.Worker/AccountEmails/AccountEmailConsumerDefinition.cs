using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Worker.OrderEmails;

namespace Notifications.Worker.AccountEmails;

/// <summary>
/// The queue of account emails, apart from the order emails' so that a backlog of orders never delays a password reset.
/// The same SMTP budget and retry settings as the order emails (<see cref="OrderEmailOptions"/>): one mail server behind both.
/// </summary>
public sealed class AccountEmailConsumerDefinition : ConsumerDefinition<AccountEmailConsumer>
{
    public const string QueueName = "account-email";

    private readonly OrderEmailOptions _options;

    public AccountEmailConsumerDefinition(IOptions<OrderEmailOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrentSends;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AccountEmailConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = _options.PrefetchCount;
        }

        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(_options.RetryLimit, _options.MinRetryInterval, _options.MaxRetryInterval, _options.RetryIntervalDelta);
            retry.Ignore<Exception>(DeliveryFailures.IsPermanent);
        });
    }
}
