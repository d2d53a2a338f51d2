using System.Globalization;

namespace AppHost.Infrastructure;

/// <summary>
/// The command line that starts a program at a lower CPU priority through <c>nice</c>, which execs it (no extra process).
/// Why: docs/architecture.md, "Deferred work yields the CPU".
/// </summary>
public static class NiceCommand
{
    /// <summary>Linux's weight for nice 10 is about a tenth of the default's (110 against 1024).</summary>
    public const int Niceness = 10;

    public const string Path = "/usr/bin/nice";

    /// <summary>
    /// Only an executable started from its own path: <c>dotnet</c> (Aspire's <c>dotnet run</c> wrapper, whose own
    /// arguments come first) and a bare name resolved elsewhere keep their command line.
    /// </summary>
    public static bool CanWrap(string command) =>
        System.IO.Path.IsPathRooted(command) && System.IO.Path.GetFileNameWithoutExtension(command) != "dotnet";

    /// <summary>What goes before the program's own arguments: nice's options, then the program.</summary>
    public static IReadOnlyList<string> ArgumentsBefore(string command) =>
        ["-n", Niceness.ToString(CultureInfo.InvariantCulture), "--", command];
}
