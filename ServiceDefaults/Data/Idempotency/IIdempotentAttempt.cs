namespace ServiceDefaults.Idempotency;

/// <summary>One idempotent request's transaction. Disposing it without <see cref="CompleteAsync"/> rolls everything back.</summary>
public interface IIdempotentAttempt : IAsyncDisposable
{
    IdempotencyOutcome Outcome { get; }

    StoredResponse? Stored { get; }

    /// <summary>Discards what the request wrote (it failed) while keeping the transaction for the record.</summary>
    Task DiscardChangesAsync(CancellationToken cancellationToken);

    /// <summary>Stores the response and commits it together with whatever the request wrote.</summary>
    Task CompleteAsync(StoredResponse response, CancellationToken cancellationToken);
}
