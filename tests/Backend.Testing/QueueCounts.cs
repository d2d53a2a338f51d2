using System.Text.Json.Serialization;

namespace Backend.Testing;

public sealed record QueueCounts(
    [property: JsonPropertyName("messages_ready")] long Ready,
    [property: JsonPropertyName("messages_unacknowledged")] long Unacknowledged);
