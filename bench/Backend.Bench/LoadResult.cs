using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Backend.Bench;

/// <summary>One load run's figures.</summary>
public sealed record LoadResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors)
{
    public override string ToString() =>
        $"{Name}: {RequestsPerSecond:F0} req/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, {Requests} requests, {Errors} errors";
}
