namespace ServiceDefaults.Api;

/// <summary>
/// Endpoint metadata: the operation honours an Idempotency-Key header (required, or optional), so that its API document
/// lists the header and a client generated from the document sends it.
/// </summary>
public sealed record IdempotencyKeyHeader(bool Required, int MaxLength)
{
    public const string Name = "Idempotency-Key";
}
