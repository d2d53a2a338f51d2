using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Data;

namespace ServiceDefaults.Outbox;

/// <summary>Adds messages to the unit of work (its change tracker, or one of its raw batches): they are saved, and so published, only if the transaction commits.</summary>
internal sealed class Outbox<TDbContext>(TDbContext db, OutboxMessageTypes types, OutboxSignal<TDbContext> signal, TimeProvider clock) : IOutbox
    where TDbContext : DbContext
{
    public void Enqueue<TMessage>(TMessage message) where TMessage : class => Enqueue<TMessage>(_ => message);

    public void Enqueue<TMessage>(Func<Guid, TMessage> create) where TMessage : class => db.Set<OutboxMessage>().Add(Create(create));

    public NpgsqlBatchCommand EnqueueCommand<TMessage>(Func<Guid, TMessage> create) where TMessage : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A raw outbox command belongs to a unit of work.");
        }

        var message = Create(create);
        // As OutboxCommitInterceptor does for a SaveChanges; dropped if the transaction (or the request's savepoint) rolls back.
        _ = db.AfterCommitAsync(() =>
        {
            signal.Notify();
            return Task.CompletedTask;
        });
        return new NpgsqlBatchCommand(OutboxModel.InsertSql)
        {
            Parameters =
            {
                new() { Value = message.Id }, new() { Value = message.MessageType }, new() { Value = message.Payload },
                new() { Value = (object?)message.TraceParent ?? DBNull.Value }, new() { Value = (object?)message.TraceState ?? DBNull.Value },
                new() { Value = message.CreatedAt },
            },
        };
    }

    private OutboxMessage Create<TMessage>(Func<Guid, TMessage> create) where TMessage : class
    {
        var now = clock.GetUtcNow();
        var activity = Activity.Current;
        var id = Guid.CreateVersion7(now);
        return new OutboxMessage
        {
            Id = id,
            MessageType = types.NameOf(typeof(TMessage)),
            Payload = JsonSerializer.Serialize(create(id), OutboxMessageTypes.PayloadJson),
            TraceParent = activity?.Id is { } traceParent && activity.IdFormat == ActivityIdFormat.W3C ? traceParent : null,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
