using Microsoft.EntityFrameworkCore;
using Notifications.Worker.Data;
using ServiceDefaults.Data;

namespace Notifications.Worker.Email;

/// <summary>How every ledger takes its <see cref="SentEmailClaim{TRecord}"/>: the lock first, then the read, in one transaction.</summary>
public static class SentEmailClaims
{
    /// <summary>Takes the lock <paramref name="lockName"/> in a new transaction, then reads the record (under the lock).</summary>
    public static async Task<SentEmailClaim<TRecord>> TakeAsync<TRecord>(NotificationsDb db, string lockName,
        Func<Task<TRecord?>> readSent, CancellationToken cancellationToken)
        where TRecord : class
    {
        var work = await db.BeginUnitOfWorkAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DatabaseExtensions.AdvisoryLockId(lockName)})", cancellationToken);
            return new SentEmailClaim<TRecord>(work, await readSent());
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }
    }
}
