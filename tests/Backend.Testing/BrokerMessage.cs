using System.Text.Json;

namespace Backend.Testing;

/// <summary>
/// A message seen on the broker: its MassTransit envelope (message id, type, body). <paramref name="Redelivered"/>: the
/// broker delivered this copy to the probe before without an ack reaching it (the probe's own repeat, not a second publish).
/// </summary>
public sealed record BrokerMessage(Guid? MessageId, IReadOnlyList<string> MessageTypes, JsonElement Message, DateTimeOffset ReceivedAt,
    bool Redelivered = false);
