using System.Runtime.InteropServices;

namespace AppHost.Infrastructure.Processes;

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
