using ServiceDefaults.Data;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>
/// One delivery's hold on an order: a transaction holding the order's advisory lock (deliveries of the same
/// order run one after the other), and the earlier record if its confirmation went out already.
/// </summary>
public sealed class ConfirmationClaim(UnitOfWork work, SentOrderConfirmation? alreadySent) : IAsyncDisposable
{
    public UnitOfWork Work { get; } = work;

    public SentOrderConfirmation? AlreadySent { get; } = alreadySent;

    public ValueTask DisposeAsync() => Work.DisposeAsync();
}
