using Npgsql;
using ServiceDefaults.Problems;

namespace ServiceDefaults.Data;

/// <summary>PostgreSQL down, restarting, out of connections, or gone in the middle of a transaction.</summary>
internal sealed class PostgresOutage : IDependencyOutage
{
    public bool IsOutage(Exception exception) =>
        exception is NpgsqlException { IsTransient: true }
        || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }
        || IsTransactionLostWithItsConnection(exception);

    /// <summary>
    /// When the server goes away in the middle of a transaction, Npgsql marks the transaction completed, and the
    /// request's next command fails with "Transaction is already completed" (an InvalidOperationException from
    /// EF Core or Npgsql), not with an NpgsqlException: the same outage, seen one step later.
    /// </summary>
    private static bool IsTransactionLostWithItsConnection(Exception e) =>
        e is InvalidOperationException
        && e.Message.Contains("already completed", StringComparison.OrdinalIgnoreCase)
        && e.TargetSite?.DeclaringType?.Namespace is { } source
        && (source.StartsWith("Npgsql", StringComparison.Ordinal) || source.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
}
