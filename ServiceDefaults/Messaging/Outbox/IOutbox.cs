namespace ServiceDefaults.Outbox;

/// <summary>Adds events to the current unit of work; they are saved (and later published) with it.</summary>
public interface IOutbox
{
    void Enqueue<TMessage>(TMessage message) where TMessage : class;

    /// <summary>For an event that names itself: <paramref name="create"/> receives the outbox message id, which is also its broker MessageId.</summary>
    void Enqueue<TMessage>(Func<Guid, TMessage> create) where TMessage : class;
}
