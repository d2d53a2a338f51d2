using ServiceDefaults.Data;

namespace Notifications.Worker.AccountEmails;

/// <summary>One delivery's hold on an account email: a transaction holding its advisory lock, and the earlier record if it went out already.</summary>
public sealed class AccountEmailClaim(UnitOfWork work, SentAccountEmail? alreadySent) : IAsyncDisposable
{
    public UnitOfWork Work { get; } = work;

    public SentAccountEmail? AlreadySent { get; } = alreadySent;

    public ValueTask DisposeAsync() => Work.DisposeAsync();
}
