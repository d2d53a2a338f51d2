using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
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
            var (locked, existing) = await ClaimAsync(transaction, scope, key, cancellationToken);
            if (!locked)
            {
                return await Finish(transaction, IdempotencyOutcome.InFlight, null);
            }

            var cutoff = clock.GetUtcNow() - IdempotencyExtensions.Retention;
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

            return new Attempt(db, transaction, scope, key, requestHash, clock);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One round trip (BEGIN goes with it): the key's advisory lock, tried, not waited for (a second request with the
    /// same key while the first runs gets 409 at once); the record kept under the key, if any; and the savepoint the
    /// request's own changes start from (a refusal rolls back to it). Without the lock the rest is read and ignored.
    /// </summary>
    private async Task<(bool Locked, IdempotencyRecord? Existing)> ClaimAsync(IDbContextTransaction transaction, string scope, string key, CancellationToken ct)
    {
        await using var batch = db.NewBatchInTransaction();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_try_advisory_xact_lock($1)") { Parameters = { new() { Value = DatabaseExtensions.AdvisoryLockId($"idempotency:{scope}:{key}") } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT request_hash, status_code, content_type, location, e_tag, body, created_at
            FROM {IdempotencyModel.Table} WHERE scope = $1 AND key = $2
            """) { Parameters = { new() { Value = scope }, new() { Value = key } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {Savepoint}"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var locked = reader.GetBoolean(0);
        await reader.NextResultAsync(ct);
        var existing = await reader.ReadAsync(ct)
            ? new IdempotencyRecord
            {
                Scope = scope,
                Key = key,
                RequestHash = reader.GetFieldValue<byte[]>(0),
                StatusCode = reader.GetInt32(1),
                ContentType = reader.IsDBNull(2) ? null : reader.GetString(2),
                Location = reader.IsDBNull(3) ? null : reader.GetString(3),
                ETag = reader.IsDBNull(4) ? null : reader.GetString(4),
                Body = reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
            }
            : null;
        return (locked, existing);
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
            await using (var batch = db.NewBatchInTransaction())
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                    INSERT INTO {IdempotencyModel.Table} (scope, key, request_hash, status_code, content_type, location, e_tag, body, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = scope }, new() { Value = key }, new() { Value = hash }, new() { Value = response.StatusCode },
                        new() { Value = (object?)response.ContentType ?? DBNull.Value }, new() { Value = (object?)response.Location ?? DBNull.Value },
                        new() { Value = (object?)response.ETag ?? DBNull.Value }, new() { Value = (object?)response.Body ?? DBNull.Value },
                        new() { Value = clock.GetUtcNow() },
                    },
                });
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
