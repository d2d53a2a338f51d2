using System.Text;

namespace EndToEnd.Tests.Hostile;

/// <summary>One HTTP response as received: status, headers (names lower-cased, repeated ones joined) and body bytes.</summary>
internal sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim().ToLowerInvariant() : null;

    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
