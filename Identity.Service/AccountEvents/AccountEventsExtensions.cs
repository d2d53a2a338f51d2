using Identity.Service.Data;
using MassTransit;
using Identity.Service.Deletion;
using ServiceDefaults.Messaging;
using ServiceDefaults.Outbox;

namespace Identity.Service.AccountEvents;

public static class AccountEventsExtensions
{
    /// <summary>
    /// The events of accounts (emails to send, changes the profile follows) through the same transactional outbox and bus as the other services:
    /// written in the transaction of the change, published after it commits, so an email is never asked for a change
    /// that rolled back, nor lost for one that committed.
    /// </summary>
    public static TBuilder AddAccountEvents<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddMessaging(bus => bus.AddConsumer<ProfileDeletedConsumer, ProfileDeletedConsumerDefinition>());
        builder.Services.AddOutbox<IdentityDb>(events => events
            .Add<EmailVerificationRequested>()
            .Add<PasswordResetRequested>()
            .Add<RegistrationAttempted>()
            .Add<AccountEmailChanged>()
            .Add<AccountDeleted>());
        return builder;
    }
}
