using MassTransit;

namespace Notifications.Worker.AccountEmails;

public static class AccountEmailsExtensions
{
    /// <summary>The account emails' composer and ledger; the SMTP pipeline, metrics and shutdown handling are the order emails' (AddOrderEmails).</summary>
    public static TBuilder AddAccountEmails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<AccountEmail>();
        builder.Services.AddScoped<AccountEmailLedger>();
        return builder;
    }

    public static void AddAccountEmailConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AccountEmailConsumer, AccountEmailConsumerDefinition>();
}
