using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceDefaults.Data;

public static class AfterCommitExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> once the changes saved so far are committed: now, when no transaction is open
    /// (SaveChanges committed its own), or when the open one commits (a unit of work, or the idempotency filter's
    /// transaction, which commits after the handler). For what must follow a commit and never precede it, such as
    /// writing a changed value through to a cache: before the commit, a reader could see a change that then rolls back.
    /// </summary>
    public static Task AfterCommitAsync(this DbContext db, Func<Task> work)
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return work();
        }

        AfterCommitInterceptor.Add(transaction.GetDbTransaction(), work);
        return Task.CompletedTask;
    }
}
