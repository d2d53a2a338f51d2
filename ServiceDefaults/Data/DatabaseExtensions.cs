using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using ServiceDefaults.Configuration;
using ServiceDefaults.Problems;

namespace ServiceDefaults.Data;

/// <summary>A service's own PostgreSQL database: registration, migrations at start, units of work.</summary>
public static class DatabaseExtensions
{
    /// <summary>The setting that chooses the <see cref="MigrationMode"/>; environment variable Database__Migrations.</summary>
    public const string MigrationModeKey = "Database:Migrations";

    /// <summary>
    /// The service's own PostgreSQL database through EF Core (Aspire integration: pooling, health check,
    /// tracing). snake_case table and column names. No automatic retries: a retried command
    /// inside a transaction could run twice; transient errors surface as 503 and the client retries.
    /// </summary>
    public static TBuilder AddServiceDatabase<TBuilder, TDbContext>(this TBuilder builder, string connectionName,
        Action<DbContextOptionsBuilder>? configure = null)
        where TBuilder : IHostApplicationBuilder
        where TDbContext : DbContext
    {
        builder.Require($"ConnectionStrings:{connectionName}", "the service's PostgreSQL database, Host=…;Database=…;Username=…;Password=…");
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDependencyOutage, PostgresOutage>());
        builder.AddNpgsqlDbContext<TDbContext>(connectionName,
            settings =>
            {
                settings.DisableRetry = true;
                settings.ConnectionString = WithConnectionDefaults(settings.ConnectionString);
            },
            options =>
            {
                options.UseSnakeCaseNamingConvention();
                options.AddInterceptors(AfterCommitInterceptor.Instance);
                configure?.Invoke(options);
            });
        return builder;
    }

    /// <summary>
    /// At most this many connections per service instance unless the connection string says otherwise: enough for the
    /// worker's concurrent sends, few enough that a burst queues in the pool instead of running dozens of backends on a
    /// small database server (docs/architecture.md, "Data: a database per service, migrations at start").
    /// </summary>
    internal const int DefaultMaxPoolSize = 16;

    /// <summary>
    /// Defaults for every service's connections; a setting the connection string gives is kept as given (an explicit
    /// "Max Auto Prepare=0" turns preparing off). Npgsql prepares a statement once it has run twice on a connection:
    /// PostgreSQL then skips parsing and planning the same INSERTs and lookups on every request. Pooled connections are
    /// not reset between uses: our code never leaves session state on one (transaction-scoped SET LOCAL and advisory
    /// locks, or released explicitly), so the reset (six statements) with each connection's next use bought nothing. At most
    /// <see cref="DefaultMaxPoolSize"/> connections.
    /// </summary>
    internal static string? WithConnectionDefaults(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(string keyword) =>
            given.Keys.Cast<string>().Any(key => key.Replace(" ", "").Equals(keyword, StringComparison.OrdinalIgnoreCase));

        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 64;
        }

        if (!Given("AutoPrepareMinUsages"))
        {
            settings.AutoPrepareMinUsages = 2;
        }

        if (!Given("NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!Given("MaxPoolSize") && !Given("MaximumPoolSize"))
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// Applies pending migrations before the service starts listening, then runs <paramref name="seed"/>
    /// (reference data such as roles or registered clients). Replicas starting together serialise on a
    /// PostgreSQL advisory lock, so exactly one migrates and seeds, and the others find nothing to do
    /// instead of racing into unique-constraint violations.
    /// </summary>
    /// <remarks>
    /// <see cref="MigrationMode"/> (setting <c>Database:Migrations</c>) changes this for deployments that migrate in a Job
    /// before the rollout: <c>Only</c> migrates, seeds and ends the process; <c>Verify</c> migrates nothing and refuses to
    /// start on a schema older than this build needs.
    /// </remarks>
    public static async Task MigrateDatabaseAsync<TDbContext>(this WebApplication app, Func<IServiceProvider, CancellationToken, Task>? seed = null, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        var mode = app.Configuration.GetValue(MigrationModeKey, MigrationMode.Apply);
        if (mode == MigrationMode.Verify)
        {
            await VerifySchemaAsync<TDbContext>(app, cancellationToken);
            return;
        }

        await ApplyMigrationsAsync<TDbContext>(app, seed, cancellationToken);
        if (mode == MigrationMode.Only)
        {
            // The migrate Job's process: its work is done, the service must not start. Disposing first flushes the logs.
            app.Logger.LogInformation("Database:Migrations=Only: {Context} is migrated; exiting.", typeof(TDbContext).Name);
            await app.DisposeAsync();
            Environment.Exit(0);
        }
    }

    private static async Task VerifySchemaAsync<TDbContext>(WebApplication app, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Crashing keeps the pod unready, so a rollout stalls with the previous version still serving.
            throw new InvalidOperationException(
                $"The {db.Database.GetDbConnection().Database} schema is older than this build needs (pending: {string.Join(", ", pending)}). " +
                "Run this version's migrate Job (Database:Migrations=Only) first.");
        }
    }

    private static async Task ApplyMigrationsAsync<TDbContext>(WebApplication app, Func<IServiceProvider, CancellationToken, Task>? seed, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var lockId = AdvisoryLockId(typeof(TDbContext).FullName!);
        // No command timeout on the wait: the replica holding the lock migrates and seeds, which can take longer than the
        // default 30 s on a busy machine, and a replica that gave up would crash instead of finding nothing to do.
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = lockId } }, CommandTimeout = 0 })
        {
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // The history table first, as MigrateAsync does: on a fresh database, asking which migrations are pending
            // would query a table that does not exist yet, which EF logs as a failed command (an error on every first start).
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) to {Database}: {Migrations}", pending.Count, connection.Database, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }

            if (seed is not null)
            {
                await using var seedScope = app.Services.CreateAsyncScope();
                await seed(seedScope.ServiceProvider, cancellationToken);
            }
        }
        finally
        {
            // Session-level lock: released explicitly (the pooled connection outlives this call).
            await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = lockId } } })
            {
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A transaction for a unit of work that writes more than one thing (a row, its outbox message, an
    /// aggregate): a new one, or the caller's if one is open (the idempotency filter opens one so that its
    /// record commits with the request's changes). Only the owner commits.
    /// EF's automatic savepoint around each SaveChanges is off: a unit of work never goes on after a failed save
    /// (its owner rolls back, or the idempotency filter rolls back to its own savepoint), so that savepoint would
    /// only add two round trips (SAVEPOINT, RELEASE) to every write.
    /// </summary>
    public static async Task<UnitOfWork> BeginUnitOfWorkAsync(this DbContext db, CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.CurrentTransaction is not null
            ? new UnitOfWork(null)
            : new UnitOfWork(await db.Database.BeginTransactionAsync(cancellationToken));
    }

    /// <summary>
    /// Raw commands in the unit of work's transaction, through Npgsql itself: the one way the hot paths (an order, an
    /// idempotent request, the outbox relay) run hand-written SQL. EF's raw-SQL queries (FromSql, SqlQuery) cost far more
    /// per call: each execution builds its materializer anew, a dynamic method the finalizer then has to destroy
    /// (docs/architecture.md, "Data: a database per service, migrations at start").
    /// </summary>
    public static NpgsqlBatch NewBatchInTransaction(this DbContext db)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Raw commands run inside a unit of work.");
        return new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
    }

    /// <summary>A stable 64-bit lock id from a name (the advisory lock namespace is per database).</summary>
    public static long AdvisoryLockId(string name) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    /// <summary>True for the unique-constraint violation PostgreSQL raises on a duplicate key.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraint = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && (constraint is null || pg.ConstraintName == constraint);
}
