using Npgsql;

namespace ServiceDefaults.Outbox;

/// <summary>Adds events to the current unit of work; they are saved (and later published) with it.</summary>
public interface IOutbox
{
    void Enqueue<TMessage>(TMessage message) where TMessage : class;

    /// <summary>For an event that names itself: <paramref name="create"/> receives the outbox message id, which is also its broker MessageId.</summary>
    void Enqueue<TMessage>(Func<Guid, TMessage> create) where TMessage : class;

    /// <summary>
    /// The same event as a command for a raw batch of the open unit of work, for a hot path that writes its rows without
    /// EF's change tracker (placing an order). The relay is woken when that transaction commits, as after a SaveChanges.
    /// </summary>
    NpgsqlBatchCommand EnqueueCommand<TMessage>(Func<Guid, TMessage> create) where TMessage : class;
}
