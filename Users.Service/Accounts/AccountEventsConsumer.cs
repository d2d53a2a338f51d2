using MassTransit;
using Users.Service.Users;

namespace Users.Service.Accounts;

/// <summary>The profile follows its account: a proved new address, and the account's deletion.</summary>
public sealed class AccountEventsConsumer(UserProfiles profiles) : IConsumer<AccountEmailChanged>, IConsumer<AccountDeleted>
{
    public Task Consume(ConsumeContext<AccountEmailChanged> context) =>
        profiles.FollowAccountEmailAsync(context.Message.AccountId, context.Message.Email, context.Message.DisplayName, context.Message.OccurredAt,
            context.CancellationToken);

    public Task Consume(ConsumeContext<AccountDeleted> context) =>
        profiles.EraseAsync(context.Message.AccountId, context.CancellationToken);
}
