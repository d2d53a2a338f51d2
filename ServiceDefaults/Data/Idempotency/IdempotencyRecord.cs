namespace ServiceDefaults.Idempotency;

/// <summary>
/// A POST that carried an Idempotency-Key, with the response it produced, kept for
/// <see cref="IdempotencyExtensions.Retention"/>. Stored in the service's own database, in the same
/// transaction as the changes the request made: the record exists if and only if they do.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public required byte[] RequestHash { get; init; }
    public int StatusCode { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public string? ETag { get; init; }
    public byte[]? Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
