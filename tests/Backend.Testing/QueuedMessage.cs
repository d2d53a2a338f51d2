namespace Backend.Testing;

/// <summary>A message found in a queue, with its AMQP headers as strings.</summary>
public sealed record QueuedMessage(string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}
