using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AppHost.Infrastructure.Processes;

/// <summary>Runs the short preparation commands (initdb, chown, single-user SQL) that precede a server's start.</summary>
public static class HostCommand
{
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>
    /// PostgreSQL refuses to run as root. When the AppHost runs as root, its commands run as the
    /// <paramref name="serviceUser"/> account (created by the Debian package) through setpriv, which execs
    /// in place: the server remains the process the orchestrator watches and signals.
    /// </summary>
    public static (string Command, IReadOnlyList<string> Prefix) AsServiceUser(string serviceUser, string executable) =>
        IsRoot
            ? ("setpriv", [$"--reuid={serviceUser}", $"--regid={serviceUser}", "--init-groups", "--", executable])
            : (executable, []);

    public static async Task<string> RunAsync(string command, IEnumerable<string> args, string? standardInput = null,
        string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(command, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"'{command} {string.Join(' ', startInfo.ArgumentList)}' exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    public static Task<string> RunAsServiceUserAsync(string serviceUser, string executable, IEnumerable<string> args,
        string? standardInput = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var (command, prefix) = AsServiceUser(serviceUser, executable);
        return RunAsync(command, prefix.Concat(args), standardInput, workingDirectory, cancellationToken);
    }

    /// <summary>Whether the service account may enter <paramref name="directory"/> (every ancestor needs +x for it).</summary>
    public static bool CanServiceUserTraverse(string serviceUser, string directory)
    {
        var (command, prefix) = AsServiceUser(serviceUser, "/usr/bin/test");
        using var probe = Process.Start(new ProcessStartInfo(command, [.. prefix, "-x", directory]) { UseShellExecute = false });
        probe?.WaitForExit();
        return probe?.ExitCode == 0;
    }

    public static string? HomeOf(string user) =>
        File.ReadLines("/etc/passwd")
            .Select(line => line.Split(':'))
            .FirstOrDefault(fields => fields.Length > 5 && fields[0] == user)?[5];

    /// <summary>Gives a folder to the service account (no-op unless running as root).</summary>
    public static Task GiveToServiceUserAsync(string serviceUser, string path, CancellationToken cancellationToken) =>
        IsRoot ? RunAsync("chown", ["-R", $"{serviceUser}:{serviceUser}", path], cancellationToken: cancellationToken) : Task.CompletedTask;

    /// <summary>First existing path among the candidates, else the bare name (resolved through PATH).</summary>
    public static string Locate(string name, params IEnumerable<string> candidates) =>
        candidates.FirstOrDefault(File.Exists) ?? name;

    /// <summary>Writes a file only its owner can read (passwords, cookies).</summary>
    public static void WritePrivateFile(string path, string contents, bool readOnly = false)
    {
        if (File.Exists(path) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, contents);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, readOnly ? UnixFileMode.UserRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
