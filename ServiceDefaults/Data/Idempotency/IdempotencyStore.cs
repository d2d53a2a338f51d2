using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceDefaults.Data;

namespace ServiceDefaults.Idempotency;

/// <summary>Claims a key under a transaction-level advisory lock (a second request with it does not wait: 409), and keeps the response with the request's own changes.</summary>
internal sealed class IdempotencyStore<TDbContext>(TDbContext db, TimeProvider clock) : IIdempotencyStore where TDbContext : DbContext
{
    private const string Savepoint = "idempotent_request";

    public async Task<IIdempotentAttempt> BeginAsync(string scope, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            // A second request with the same key while the first runs must not wait for it: try, don't block.
            var lockId = DatabaseExtensions.AdvisoryLockId($"idempotency:{scope}:{key}");
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({lockId}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                return await Finish(transaction, IdempotencyOutcome.InFlight, null);
            }

            var cutoff = clock.GetUtcNow() - IdempotencyExtensions.Retention;
            var existing = await db.Set<IdempotencyRecord>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
            if (existing is not null && existing.CreatedAt >= cutoff)
            {
                return existing.RequestHash.AsSpan().SequenceEqual(requestHash)
                    ? await Finish(transaction, IdempotencyOutcome.Replay,
                        new StoredResponse(existing.StatusCode, existing.ContentType, existing.Location, existing.ETag, existing.Body))
                    : await Finish(transaction, IdempotencyOutcome.Mismatch, null);
            }

            if (existing is not null)
            {
                await db.Set<IdempotencyRecord>().Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync(cancellationToken);
            }

            await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
            return new Attempt(db, transaction, scope, key, requestHash, clock);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private static async Task<IIdempotentAttempt> Finish(IDbContextTransaction transaction, IdempotencyOutcome outcome, StoredResponse? stored)
    {
        await transaction.DisposeAsync(); // read-only so far: nothing to commit
        return new Decided(outcome, stored);
    }

    private sealed record Decided(IdempotencyOutcome Outcome, StoredResponse? Stored) : IIdempotentAttempt
    {
        public Task DiscardChangesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CompleteAsync(StoredResponse response, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Only a new request can be completed.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Attempt(TDbContext db, IDbContextTransaction transaction, string scope, string key, byte[] hash, TimeProvider clock)
        : IIdempotentAttempt
    {
        public IdempotencyOutcome Outcome => IdempotencyOutcome.New;

        public StoredResponse? Stored => null;

        public async Task DiscardChangesAsync(CancellationToken cancellationToken)
        {
            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            db.ChangeTracker.Clear();
        }

        public async Task CompleteAsync(StoredResponse response, CancellationToken cancellationToken)
        {
            // Raw SQL: whatever the request left in the change tracker must not be saved a second time.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_records (scope, key, request_hash, status_code, content_type, location, e_tag, body, created_at)
                VALUES ({scope}, {key}, {hash}, {response.StatusCode}, {response.ContentType}, {response.Location}, {response.ETag}, {response.Body}, {clock.GetUtcNow()})
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
