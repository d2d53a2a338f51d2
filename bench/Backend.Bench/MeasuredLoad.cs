using Backend.Testing;

namespace Backend.Bench;

/// <summary>A wrk scenario measured as <see cref="Wrk.MeasureAsync"/> does, with what its measured run cost each process per request.</summary>
public static class MeasuredLoad
{
    public static async Task<LoadResult> WithCpuAsync(BackendApp app, BenchReport report, string section, string name, Uri url, int connections,
        TimeSpan duration, string? luaScript = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        await Wrk.RunAsync(name, url, connections, Wrk.WarmUp, luaScript, headers);
        var before = CpuSampler.Take(app);
        var result = await Wrk.RunAsync(name, url, connections, duration, luaScript, headers);
        report.Cpu.Add(new CpuTable(section, name, "request", result.Requests, CpuSampler.Take(app).Since(before)));
        return result;
    }
}
