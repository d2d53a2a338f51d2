using System.Text.Json;

namespace Backend.Testing;

/// <summary>A message seen on the broker: its MassTransit envelope (message id, type, body).</summary>
public sealed record BrokerMessage(Guid? MessageId, IReadOnlyList<string> MessageTypes, JsonElement Message, DateTimeOffset ReceivedAt);
