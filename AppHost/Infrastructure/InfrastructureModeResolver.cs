using System.Diagnostics;

namespace AppHost.Infrastructure;

public static class InfrastructureModeResolver
{
    public const string ConfigurationKey = "Infra:Mode";

    /// <summary>
    /// Reads <c>Infra:Mode</c> (containers | processes | auto). "auto" (the default) asks the container
    /// runtime whether its engine answers: a docker client whose daemon is down must not select containers.
    /// </summary>
    public static InfrastructureMode Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured) || configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
            return ContainerEngineAnswers(runtime) ? InfrastructureMode.Containers : InfrastructureMode.Processes;
        }

        return Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode)
            ? mode
            : throw new InvalidOperationException(
                $"{ConfigurationKey} is '{configured}'; expected 'auto', 'containers' or 'processes'.");
    }

    private static bool ContainerEngineAnswers(string runtime)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return false;
            }

            var output = probe.StandardOutput.ReadToEndAsync();
            _ = probe.StandardError.ReadToEndAsync();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }

            return probe.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such executable
        }
    }
}
