using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Backend.Bench;

/// <summary>Drives wrk (Debian's package) and reads its --latency report.</summary>
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(string name, Uri url, int connections, TimeSpan duration, string? luaScript = null,
        IReadOnlyDictionary<string, string>? headers = null, int threads = 2)
    {
        var args = new List<string> { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s" };
        foreach (var (header, value) in headers ?? new Dictionary<string, string>())
        {
            args.AddRange(["-H", $"{header}: {value}"]);
        }

        string? scriptFile = null;
        if (luaScript is not null)
        {
            scriptFile = Path.Combine(Path.GetTempPath(), $"wrk-{Guid.NewGuid():N}.lua");
            await File.WriteAllTextAsync(scriptFile, luaScript);
            args.AddRange(["-s", scriptFile]);
        }

        args.Add(url.AbsoluteUri);
        try
        {
            var output = await RunProcessAsync("wrk", args);
            return Parse(name, output);
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }

    /// <summary>A warm-up run of a few seconds (its figures dropped), then the measured run.</summary>
    public static async Task<LoadResult> MeasureAsync(string name, Uri url, int connections, TimeSpan duration, string? luaScript = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        await RunAsync(name, url, connections, WarmUp, luaScript, headers);
        return await RunAsync(name, url, connections, duration, luaScript, headers);
    }

    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private static LoadResult Parse(string name, string output)
    {
        double Latency(string percentile)
        {
            var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success)
            {
                throw new InvalidOperationException($"No {percentile}% latency in wrk output:\n{output}");
            }

            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestCount().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(name, rps, Latency("50"), Latency("99"), requests, non2xx + socketErrors);
    }

    public static async Task<string> RunProcessAsync(string command, IEnumerable<string> args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Cannot start {command}.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{command} failed: {error}{output}");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
