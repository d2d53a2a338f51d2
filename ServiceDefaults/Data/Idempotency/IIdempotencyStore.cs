namespace ServiceDefaults.Idempotency;

/// <summary>Where idempotent requests are claimed and their responses kept: the service's own database.</summary>
public interface IIdempotencyStore
{
    Task<IIdempotentAttempt> BeginAsync(string scope, string key, byte[] requestHash, CancellationToken cancellationToken);
}
