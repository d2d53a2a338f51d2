using ServiceDefaults.Data;

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// One delivery's hold on an order's email of one kind: a transaction holding its advisory lock (deliveries of the
/// same email run one after the other), and the earlier record if that email went out already.
/// </summary>
public sealed class EmailClaim(UnitOfWork work, SentOrderEmail? alreadySent) : IAsyncDisposable
{
    public UnitOfWork Work { get; } = work;

    public SentOrderEmail? AlreadySent { get; } = alreadySent;

    public ValueTask DisposeAsync() => Work.DisposeAsync();
}
