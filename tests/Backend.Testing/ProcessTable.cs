using Aspire.Hosting.ApplicationModel;

namespace Backend.Testing;

/// <summary>Reads Linux's /proc: which processes an app started, and whether they still run.</summary>
public static class ProcessTable
{
    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !IsZombie(pid);

    public static string Name(int pid) => Read($"/proc/{pid}/comm")?.Trim() ?? "?";

    /// <summary>The process's nice value (its main thread's: the others inherit it when started through nice).</summary>
    public static int Niceness(int pid) =>
        StatFields(pid) is { Length: > 16 } fields && int.TryParse(fields[16], out var nice) ? nice : throw new InvalidOperationException($"No process {pid}.");

    /// <summary>The pid of every executable and project resource, as the orchestrator reports it.</summary>
    public static HashSet<int> ResourceProcesses(ResourceNotificationService notifications, DistributedApplicationModel model) =>
        ResourceProcesses(notifications, model.Resources);

    public static HashSet<int> ResourceProcesses(ResourceNotificationService notifications, IEnumerable<IResource> resources)
    {
        var pids = new HashSet<int>();
        foreach (var resource in resources)
        {
            if (notifications.TryGetCurrentState(resource.Name, out var state)
                && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
                && int.TryParse(value.ToString(), out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>Processes whose working directory lies in <paramref name="directory"/> (every local server's does).</summary>
    public static HashSet<int> WorkingIn(string directory)
    {
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";
        return [.. Pids().Where(pid =>
        {
            try
            {
                var cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
                return cwd is not null && (cwd + "/").StartsWith(prefix, StringComparison.Ordinal) && !IsZombie(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        })];
    }

    /// <summary>
    /// The orchestrator (dcp) processes that started <paramref name="children"/>: their dcp parent, its
    /// dcp parent, and every dcp helper below those. Other apps in the same test process have their own.
    /// </summary>
    public static HashSet<int> OrchestratorOf(IEnumerable<int> children)
    {
        var roots = new HashSet<int>();
        foreach (var child in children)
        {
            for (var pid = Parent(child); pid > 1 && Name(pid) == "dcp"; pid = Parent(pid))
            {
                roots.Add(pid);
            }
        }

        return [.. WithDescendants(roots).Where(pid => Name(pid) == "dcp")];
    }

    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    public static HashSet<int> WithDescendants(IEnumerable<int> roots)
    {
        var parentOf = Pids().Select(pid => (pid, parent: Parent(pid))).ToList();
        var all = new HashSet<int>(roots);
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parentOf)
            {
                if (all.Contains(parent) && all.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        return all;
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : -1).Where(pid => pid > 0);

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
    private static string[] StatFields(int pid) =>
        Read($"/proc/{pid}/stat") is { } stat ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : [];

    private static int Parent(int pid) => StatFields(pid) is [_, var ppid, ..] && int.TryParse(ppid, out var parent) ? parent : -1;

    private static bool IsZombie(int pid) => StatFields(pid) is ["Z" or "X", ..];

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
