using ServiceDefaults.Data;

namespace Notifications.Worker.Email;

/// <summary>
/// One delivery's hold on an email (docs/architecture.md, "Once-only email"): a transaction holding the email's advisory
/// lock, and its earlier record if it went out already. Shared by the order and account ledgers.
/// </summary>
public sealed class SentEmailClaim<TRecord>(UnitOfWork work, TRecord? alreadySent) : IAsyncDisposable where TRecord : class
{
    public UnitOfWork Work { get; } = work;

    public TRecord? AlreadySent { get; } = alreadySent;

    public ValueTask DisposeAsync() => Work.DisposeAsync();
}
