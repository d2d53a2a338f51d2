namespace Backend.Bench;

/// <summary>What one measured run cost each process, per request: <paramref name="Milliseconds"/> (the run's) over its <paramref name="Requests"/>.</summary>
public sealed record CpuTable(string Section, string Scenario, string PerWhat, long Requests, IReadOnlyList<(string Process, double Milliseconds)> Milliseconds)
{
    public double PerRequest(double milliseconds) => Requests == 0 ? 0 : milliseconds / Requests;

    public double TotalPerRequest => PerRequest(Milliseconds.Sum(m => m.Milliseconds));

    /// <summary>Without wrk and this process: what the system itself spent.</summary>
    public double SystemPerRequest => PerRequest(Milliseconds.Where(m => m.Process is not (CpuSampler.LoadGenerator or CpuSampler.BenchProcess)).Sum(m => m.Milliseconds));
}
