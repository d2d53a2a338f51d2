namespace Backend.Bench;

/// <summary>The CPU time each process of the system had used at one moment (<see cref="CpuSampler.Take"/>), in milliseconds.</summary>
public sealed record CpuSnapshot(IReadOnlyList<(string Process, double Milliseconds)> Milliseconds)
{
    /// <summary>What each process used between <paramref name="earlier"/> and this snapshot.</summary>
    public IReadOnlyList<(string Process, double Milliseconds)> Since(CpuSnapshot earlier) =>
    [
        .. Milliseconds.Select(now => (now.Process,
            // Never negative: a process restarted in between (a new pid) starts again from 0.
            Math.Max(0, now.Milliseconds - earlier.Milliseconds.FirstOrDefault(e => e.Process == now.Process).Milliseconds))),
    ];
}
