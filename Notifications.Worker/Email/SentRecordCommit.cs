using Microsoft.EntityFrameworkCore;
using Notifications.Worker.Data;
using ServiceDefaults.Data;

namespace Notifications.Worker.Email;

/// <summary>
/// The last step of once-only email, shared by every ledger (docs/architecture.md, "Once-only email"): after the SMTP
/// server's 250, commit the record of the send. A failure here means a second email on redelivery, so the commit is
/// not cancelled by shutdown and, should it fail, the record is written again on fresh connections for up to
/// <see cref="RetryBudget"/>: long enough to ride out a database restart or fail-over.
/// </summary>
public sealed class SentRecordCommit(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(60);

    /// <param name="work">The claim's transaction, holding the record written before sending.</param>
    /// <param name="writeAgain">Writes the same record on a fresh context (idempotently: ON CONFLICT DO NOTHING).</param>
    /// <param name="logFailure">Logs a failed attempt (its number, the error).</param>
    public async Task CommitAsync(UnitOfWork work, Func<NotificationsDb, Task> writeAgain, Action<int, Exception> logFailure)
    {
        try
        {
            await work.CommitAsync(CancellationToken.None);
            return;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            logFailure(1, e);
        }

        var started = clock.GetTimestamp();
        for (var attempt = 2; ; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, attempt - 2), 2000)), clock, CancellationToken.None);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await writeAgain(scope.ServiceProvider.GetRequiredService<NotificationsDb>());
                return;
            }
            catch (Exception e) when (IsDatabaseFailure(e) && clock.GetElapsedTime(started) < RetryBudget)
            {
                logFailure(attempt, e);
            }
        }
    }

    public static bool IsDatabaseFailure(Exception e) => e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException;
}
