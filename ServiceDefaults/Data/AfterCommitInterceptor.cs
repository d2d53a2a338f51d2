using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Data;

/// <summary>
/// Runs the work registered with <see cref="AfterCommitExtensions.AfterCommitAsync"/> once its transaction has
/// committed, and drops it when the transaction (or the savepoint it came after) rolls back. Keyed by the transaction
/// object: work of a transaction that was never committed goes away with it.
/// </summary>
internal sealed class AfterCommitInterceptor : IDbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    private static readonly ConditionalWeakTable<DbTransaction, List<Func<Task>>> Pending = [];

    public static void Add(DbTransaction transaction, Func<Task> work) => Pending.GetOrCreateValue(transaction).Add(work);

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Pending.TryGetValue(transaction, out var work))
        {
            return;
        }

        Pending.Remove(transaction);
        foreach (var run in work)
        {
            try
            {
                await run();
            }
            catch (Exception e)
            {
                // The change is committed: what follows it (a cache refresh) must not turn it into an error for the client.
                eventData.Context?.GetService<ILoggerFactory>().CreateLogger<AfterCommitInterceptor>()
                    .LogError(e, "Work after a commit failed; the committed change stands.");
            }
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction);
        return Task.CompletedTask;
    }

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction); // our savepoints are taken before any work of the request: nothing registered survives
        return Task.CompletedTask;
    }
}
