using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Outbox;

/// <summary>Adds messages to the unit of work's change tracker: they are saved, and so published, only if the transaction commits.</summary>
internal sealed class Outbox<TDbContext>(TDbContext db, OutboxMessageTypes types, TimeProvider clock) : IOutbox where TDbContext : DbContext
{
    public void Enqueue<TMessage>(TMessage message) where TMessage : class => Enqueue<TMessage>(_ => message);

    public void Enqueue<TMessage>(Func<Guid, TMessage> create) where TMessage : class
    {
        var now = clock.GetUtcNow();
        var activity = Activity.Current;
        var id = Guid.CreateVersion7(now);
        var message = create(id);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = id,
            MessageType = types.NameOf(typeof(TMessage)),
            Payload = JsonSerializer.Serialize(message, OutboxMessageTypes.PayloadJson),
            TraceParent = activity?.Id is { } traceParent && activity.IdFormat == ActivityIdFormat.W3C ? traceParent : null,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
