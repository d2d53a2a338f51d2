using System.Text.Json;

namespace ServiceDefaults.Outbox;

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
