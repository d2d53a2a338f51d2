namespace ServiceDefaults.Idempotency;

/// <summary>What a request carrying an Idempotency-Key is, compared with the earlier uses of its key.</summary>
public enum IdempotencyOutcome
{
    /// <summary>First use of the key: run the request.</summary>
    New,

    /// <summary>Same key, same request, finished before: replay its response.</summary>
    Replay,

    /// <summary>Same key, different request: 422.</summary>
    Mismatch,

    /// <summary>Same key, a request still running: 409.</summary>
    InFlight,
}
