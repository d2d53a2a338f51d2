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
