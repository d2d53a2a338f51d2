using MassTransit;

namespace Identity.Service.Deletion;

/// <summary>A deleted profile (DELETE /api/v1/users/me, or an admin's) deletes the account it belongs to.</summary>
public sealed class ProfileDeletedConsumer(AccountDeletion deletion) : IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserDeleted> context) => deletion.FollowProfileDeletedAsync(context.Message.UserId, context.CancellationToken);
}
