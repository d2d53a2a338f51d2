using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Infrastructure;

/// <summary>
/// Each service's database, owned by a login role of its own: the service's connection string names that role, which
/// owns its database and nothing else, and no other role but the superuser may even connect to the database. One
/// compromised service exposes its own data, not every database (docs/architecture.md, "Least privilege"). The same in
/// both modes; the superuser is used only here, by the AppHost, to make the roles and databases.
/// </summary>
public static class OwnedDatabases
{
    /// <summary>The role that owns <paramref name="database"/> (e.g. usersdb_owner).</summary>
    public static string OwnerOf(string database) => $"{database}_owner";

    /// <summary>
    /// A database of <paramref name="server"/> owned by its own role, as a connection-string resource named after it.
    /// <paramref name="hostAndPort"/> is the server's address as the services reach it ("Host=…;Port=…").
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddOwnedDatabase<TServer>(this IResourceBuilder<TServer> server, string name,
        ReferenceExpression hostAndPort)
        where TServer : class, IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var owner = OwnerOf(name);
        var password = InfrastructureCredentials.Secret(builder, $"{name}-password");
        string? connectionString = null;

        // Once per run (the role and database outlive a server restart), however often the server becomes ready again.
        var ensured = new OncePerRun();
        server.OnResourceReady((pg, evt, ct) => ensured.RunAsync(async () =>
        {
            var superuser = await pg.ConnectionStringExpression.GetValueAsync(ct)
                ?? throw new DistributedApplicationException($"{pg.Name} has no connection string.");
            var secret = await password.Resource.GetValueAsync(ct) ?? throw new DistributedApplicationException($"{password.Resource.Name} has no value.");
            var logger = evt.Services.GetRequiredService<ResourceLoggerService>().GetLogger(pg);
            await EnsureAsync(superuser, name, owner, secret, logger, ct);
        }, ct));

        var database = builder.AddConnectionString(name,
                ReferenceExpression.Create($"{hostAndPort};Username={owner};Password={password.Resource};Database={name}"))
            .WithParentRelationship(server.Resource)
            .WaitFor(server)
            .OnConnectionStringAvailable(async (db, _, ct) => connectionString = await db.ConnectionStringExpression.GetValueAsync(ct))
            .WithRegisteredHealthCheck($"{name}_check", checks => checks.AddNpgSql(
                _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
                name: $"{name}_check"));

        return builder.CreateResourceBuilder<IResourceWithConnectionString>(database.Resource);
    }

    /// <summary>
    /// Makes the role (or sets its password) and the database it owns, and takes the database from every other role:
    /// no CONNECT for PUBLIC, and every table and sequence a former run made as the superuser handed to the owner.
    /// Idempotent: it runs at every start.
    /// </summary>
    private static async Task EnsureAsync(string superuser, string database, string owner, string password, ILogger logger, CancellationToken ct)
    {
        // DDL takes no parameters: the names are ours, and the password is letters and digits (InfrastructureCredentials).
        if (!password.All(char.IsAsciiLetterOrDigit))
        {
            throw new DistributedApplicationException($"The password of {owner} must be letters and digits.");
        }

        await using (var server = new NpgsqlConnection(superuser + ";Database=postgres"))
        {
            await server.OpenAsync(ct);
            var roleExists = await ScalarAsync(server, "SELECT 1 FROM pg_roles WHERE rolname = $1", owner, ct) is not null;
            await ExecuteAsync(server, roleExists
                ? $"ALTER ROLE \"{owner}\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}'"
                : $"CREATE ROLE \"{owner}\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}'", ct);
            if (await ScalarAsync(server, "SELECT 1 FROM pg_database WHERE datname = $1", database, ct) is null)
            {
                await ExecuteAsync(server, $"CREATE DATABASE \"{database}\" OWNER \"{owner}\"", ct);
                logger.LogInformation("Created database {Database} owned by {Owner}", database, owner);
            }
            else
            {
                await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" OWNER TO \"{owner}\"", ct);
            }

            await ExecuteAsync(server, $"REVOKE ALL ON DATABASE \"{database}\" FROM PUBLIC", ct);
        }

        await using var db = new NpgsqlConnection(superuser + $";Database={database}");
        await db.OpenAsync(ct);
        await ExecuteAsync(db, $"""
            ALTER SCHEMA public OWNER TO "{owner}";
            DO $$
            DECLARE item record;
            BEGIN
                FOR item IN
                    SELECT format('ALTER TABLE public.%I OWNER TO %I', c.relname, '{owner}') AS statement
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) <> '{owner}'
                    UNION ALL
                    SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', c.relname, '{owner}')
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '{owner}'
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
                LOOP
                    EXECUTE item.statement;
                END LOOP;
            END $$;
            """, ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string parameter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
