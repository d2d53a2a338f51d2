using System.Net;
using System.Net.Sockets;

namespace Deployment.Tests;

/// <summary>A PostgreSQL server of the machine's Debian package in a temporary folder, on loopback, trusting local logins.</summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;

    private ThrowawayPostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin")).First();
        var folder = Directory.CreateTempSubdirectory("deployment-tests-pg-").FullName;
        var port = FreePort();
        var server = new ThrowawayPostgres(folder, bin, port);
        await RunAsPostgresAsync("chown", ["postgres", folder], asRoot: true);
        await server.RunAsync("initdb", ["-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres"]);
        await server.RunAsync("pg_ctl", ["-D", Path.Combine(folder, "data"), "-w", "-l", Path.Combine(folder, "log"), "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"]);
        return server;
    }

    public Task CreateDatabaseAsync(string name) =>
        RunAsync("psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", $"CREATE DATABASE {name}"]);

    public async Task<string> QueryAsync(string database, string sql)
    {
        var result = await CommandLine.RunAsync(Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-tA", "-c", sql], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException(result.Describe());
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop"]);
        Directory.Delete(_folder, recursive: true);
    }

    private Task RunAsync(string tool, string[] arguments) => RunAsPostgresAsync(Path.Combine(_bin, tool), arguments, asRoot: false);

    /// <summary>PostgreSQL refuses to run as root, which CI is: its tools run as the postgres account then.</summary>
    private static async Task RunAsPostgresAsync(string tool, string[] arguments, bool asRoot)
    {
        var root = Environment.UserName == "root";
        var result = root && !asRoot
            ? await CommandLine.RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], TimeSpan.FromMinutes(1), "/tmp")
            : await CommandLine.RunAsync(tool, arguments, TimeSpan.FromMinutes(1), "/tmp");
        if (result.ExitCode != 0 && !(asRoot && !root))
        {
            throw new InvalidOperationException($"{tool}: {result.Describe()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
