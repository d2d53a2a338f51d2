using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Outbox;

/// <summary>Adds events to the current unit of work; they are saved (and later published) with it.</summary>
public interface IOutbox
{
    void Enqueue<TMessage>(TMessage message) where TMessage : class;

    /// <summary>For an event that names itself: <paramref name="create"/> receives the outbox message id, which is also its broker MessageId.</summary>
    void Enqueue<TMessage>(Func<Guid, TMessage> create) where TMessage : class;
}

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

/// <summary>The event types a service publishes, by message URN: the same on every service's own copy of a type.</summary>
public sealed class OutboxMessageTypes
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    /// <summary>Registers an event type under its MassTransit message URN (from its [MessageUrn] attribute).</summary>
    public OutboxMessageTypes Add<TMessage>() where TMessage : class
    {
        var urn = MassTransit.MessageUrn.ForTypeString<TMessage>();
        _byName.Add(urn, typeof(TMessage));
        _byType.Add(typeof(TMessage), urn);
        return this;
    }

    internal string NameOf(Type type) => _byType.TryGetValue(type, out var name)
        ? name
        : throw new InvalidOperationException($"{type.Name} is not registered with AddOutbox(...).");

    internal Type? TypeOf(string name) => _byName.GetValueOrDefault(name);
}
