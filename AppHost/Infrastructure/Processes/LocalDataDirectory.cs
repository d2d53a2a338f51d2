using System.Runtime.InteropServices;

namespace AppHost.Infrastructure.Processes;

/// <summary>
/// The git-ignored folder holding every local server's data (default: <c>.data/</c> at the repository root,
/// or <c>Infra:DataDir</c>). One AppHost owns it at a time, enforced by a lock file; a run that finds the
/// lock free also knows that any server still working in the folder is an orphan of a crashed run, and
/// stops it before starting its own.
/// </summary>
public sealed class LocalDataDirectory : IDisposable
{
    public const string ConfigurationKey = "Infra:DataDir";

    private readonly FileStream _lock;

    private LocalDataDirectory(string root, string repositoryRoot, FileStream @lock)
    {
        Root = root;
        RepositoryRoot = repositoryRoot;
        _lock = @lock;
    }

    public string Root { get; }

    public string RepositoryRoot { get; }

    public string Component(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>
    /// A component folder for a server that runs as another account (PostgreSQL as "postgres" when the
    /// AppHost runs as root). If that account cannot reach the data folder (say it lies under /root, mode
    /// 0700), the folder moves under the account's home, still one per data folder and still owned by this run.
    /// </summary>
    public string ServiceUserComponent(string serviceUser, string name)
    {
        if (!HostCommand.IsRoot || HostCommand.CanServiceUserTraverse(serviceUser, Root))
        {
            return Component(name);
        }

        var home = HostCommand.HomeOf(serviceUser)
            ?? throw new DistributedApplicationException($"The '{serviceUser}' account does not exist. Install the server package first (./run.sh does).");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Root)))[..12];
        var relocated = Path.Combine(home, $"backend-{hash}", name);
        Console.Error.WriteLine($"note: '{serviceUser}' cannot reach {Root}; its data lives in {relocated} instead.");
        OrphanProcesses.StopAllWorkingIn(Path.GetDirectoryName(relocated)!);
        return Directory.CreateDirectory(relocated).FullName;
    }

    public static LocalDataDirectory Acquire(IDistributedApplicationBuilder builder)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var configured = builder.Configuration[ConfigurationKey];
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(repositoryRoot, ".data")
            : Path.Combine(repositoryRoot, configured));
        Directory.CreateDirectory(root);

        FileStream @lock;
        try
        {
            // FileShare.None takes an exclusive flock on Unix, released by the kernel if this process dies.
            @lock = new FileStream(Path.Combine(root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DistributedApplicationException(
                $"Another AppHost is using the data folder '{root}'. Stop it, or give this run its own folder with --{ConfigurationKey.Replace(':', '_')} <path> (Infra:DataDir).");
        }

        var directory = new LocalDataDirectory(root, repositoryRoot, @lock);
        OrphanProcesses.StopAllWorkingIn(root);
        return directory;
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>
/// Finds a run's processes: every local server works inside the data folder, and every service carries
/// the folder in <see cref="MarkerVariable"/>.
/// </summary>
public static class OrphanProcesses
{
    public const string MarkerVariable = "BACKEND_APPHOST_DATA_DIR";

    public static void StopAllWorkingIn(string root)
    {
        var orphans = WorkingIn(root);
        foreach (var pid in orphans)
        {
            _ = Kill(pid, 9);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (orphans.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
    }

    /// <summary>Live processes whose working directory is <paramref name="root"/> or below, or that carry it in <see cref="MarkerVariable"/>.</summary>
    public static List<int> WorkingIn(string root)
    {
        var orphans = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return orphans;
        }

        var prefix = root.TrimEnd('/') + "/";
        var self = Environment.ProcessId;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if ((cwd is not null && (cwd + "/").StartsWith(prefix, StringComparison.Ordinal))
                    || File.ReadAllText(Path.Combine(entry, "environ")).Split('\0').Contains($"{MarkerVariable}={root}"))
                {
                    orphans.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to inspect, or gone meanwhile.
            }
        }

        return [.. orphans.Where(IsAlive)];
    }

    /// <summary>Running, as opposed to gone or a zombie waiting for a parent that may never reap it.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z' or 'X', ..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>Holds the data folder's lock for the app's lifetime and releases it when the app is disposed.</summary>
internal sealed class DataDirectoryLease(LocalDataDirectory data) : Microsoft.Extensions.Hosting.IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => data.Dispose();
}
