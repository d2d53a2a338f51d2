using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Infrastructure.Processes;

public static class PostgresProcess
{
    private const string ServiceUser = "postgres";

    public static IResourceBuilder<PostgresProcessResource> AddPostgresProcess(this IDistributedApplicationBuilder builder,
        string name, IResourceBuilder<ParameterResource> password, LocalDataDirectory data)
    {
        var binDir = builder.Configuration["Infra:Postgres:BinDir"] ?? FindBinDirectory();
        var root = data.ServiceUserComponent(ServiceUser, name);
        var cluster = Path.Combine(root, "cluster");
        var sockets = Path.Combine(root, "run");
        var (command, prefix) = HostCommand.AsServiceUser(ServiceUser, Path.Combine(binDir, "postgres"));

        var resource = new PostgresProcessResource(name, command, root, password.Resource);
        string? connectionString = null;

        return builder.AddResource(resource)
            .WithLoopbackEndpoint(PostgresProcessResource.EndpointName)
            .WithArgs(context =>
            {
                foreach (var arg in prefix)
                {
                    context.Args.Add(arg);
                }

                context.Args.Add("-D");
                context.Args.Add(cluster);
                context.Args.Add("-p");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in new[]
                {
                    "listen_addresses=127.0.0.1",
                    $"unix_socket_directories={sockets}",
                    "unix_socket_permissions=0700",
                    "max_connections=300",
                    "shared_buffers=256MB",
                    "logging_collector=off",
                    "log_line_prefix=%m [%p] %q%u@%d ",
                })
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple")
            .OnBeforeResourceStarted(async (pg, evt, ct) =>
            {
                var logger = evt.Services.GetRequiredService<ResourceLoggerService>().GetLogger(pg);
                var secret = await pg.Password.GetValueAsync(ct) ?? throw new DistributedApplicationException("postgres-password has no value.");
                await PrepareClusterAsync(binDir, root, cluster, sockets, secret, logger, ct);
            })
            .OnConnectionStringAvailable(async (pg, _, ct) => connectionString = await pg.ConnectionStringExpression.GetValueAsync(ct))
            .WithRegisteredHealthCheck($"{name}_check", checks => checks.AddNpgSql(
                _ => (connectionString ?? throw new InvalidOperationException("Connection string is unavailable")) + ";Database=postgres",
                name: $"{name}_check"));
    }

    /// <summary>
    /// Makes the cluster startable whatever state the last run left it in: initialises it if it never
    /// finished initialising, clears a lock file left by a killed server, and sets the superuser password
    /// to the current parameter value in single-user mode (no socket or trust rule needed).
    /// </summary>
    private static async Task PrepareClusterAsync(string binDir, string root, string cluster, string sockets,
        string password, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(sockets);
        await HostCommand.GiveToServiceUserAsync(ServiceUser, root, ct);

        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            if (Directory.Exists(cluster))
            {
                logger.LogWarning("Removing the incomplete cluster in {Cluster} left by an interrupted initdb", cluster);
                Directory.Delete(cluster, recursive: true);
            }

            var passwordFile = Path.Combine(root, ".initdb-password");
            HostCommand.WritePrivateFile(passwordFile, password);
            await HostCommand.GiveToServiceUserAsync(ServiceUser, passwordFile, ct);
            try
            {
                logger.LogInformation("Initialising a new PostgreSQL cluster in {Cluster}", cluster);
                await HostCommand.RunAsServiceUserAsync(ServiceUser, Path.Combine(binDir, "initdb"),
                    ["-D", cluster, "-U", PostgresProcessResource.SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                     "--encoding=UTF8", "--locale=C.UTF-8"], workingDirectory: root, cancellationToken: ct);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }

        await ClearStaleLockFileAsync(cluster, logger, ct);

        var escaped = password.Replace("'", "''", StringComparison.Ordinal);
        await HostCommand.RunAsServiceUserAsync(ServiceUser, Path.Combine(binDir, "postgres"),
            ["--single", "-D", cluster, "-c", "log_min_messages=warning", "postgres"],
            standardInput: $"ALTER ROLE {PostgresProcessResource.SuperUser} WITH PASSWORD '{escaped}';\n",
            workingDirectory: root, cancellationToken: ct);
    }

    private static async Task ClearStaleLockFileAsync(string cluster, ILogger logger, CancellationToken ct)
    {
        var lockFile = Path.Combine(cluster, "postmaster.pid");
        if (!File.Exists(lockFile) || !int.TryParse((await File.ReadAllLinesAsync(lockFile, ct)).FirstOrDefault(), out var pid))
        {
            return;
        }

        // A restart from the dashboard may find the previous server still shutting down: let it finish.
        for (var i = 0; i < 100 && OrphanProcesses.IsAlive(pid) && IsPostgres(pid); i++)
        {
            await Task.Delay(100, ct);
        }

        if (OrphanProcesses.IsAlive(pid) && IsPostgres(pid))
        {
            throw new DistributedApplicationException($"PostgreSQL (pid {pid}) still runs on {cluster}.");
        }

        // A killed postmaster's backends linger a moment, attached to its shared memory: a new postmaster
        // would refuse to start next to them. They all work in the cluster folder.
        for (var i = 0; i < 100 && OrphanProcesses.WorkingIn(cluster).Count > 0; i++)
        {
            await Task.Delay(100, ct);
        }

        OrphanProcesses.StopAllWorkingIn(cluster);

        // The pid is dead or now belongs to an unrelated process, which would make postgres refuse to start.
        logger.LogInformation("Removing stale {LockFile} (pid {Pid} is not a running postgres)", lockFile, pid);
        File.Delete(lockFile);
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim().StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(c => File.Exists(Path.Combine(c.Dir, "postgres")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
            : [];
        return candidates.FirstOrDefault()
            ?? throw new DistributedApplicationException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql. Install them (sudo apt-get install postgresql) or run ./run.sh, which does.");
    }
}
