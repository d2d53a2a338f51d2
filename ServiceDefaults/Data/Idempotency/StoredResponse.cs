namespace ServiceDefaults.Idempotency;

/// <summary>The response an idempotent request produced, replayed to its retries.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[]? Body);
