namespace EndToEnd.Tests;

/// <summary>What the shared system exports (see <see cref="PlatformFixture.Telemetry"/>).</summary>
public sealed class TelemetryTests(PlatformFixture platform)
{
    private static readonly string[] Services = ["gateway", "identity", "users", "orders", "notifications"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task A_fresh_start_logs_no_warning_and_no_error()
    {
        // Exports leave every second or so: a few seconds after the start, all it logged has arrived.
        await WaitUntilAsync(() => DateTimeOffset.UtcNow > platform.StartedAt.AddSeconds(5)
            && Services.All(service => platform.Telemetry.Logs.Any(log => log.Service == service)), TimeSpan.FromSeconds(30));

        var duringStart = platform.Telemetry.Logs.Where(log => log.Time <= platform.StartedAt && log.IsWarningOrWorse).ToList();

        Assert.True(duringStart.Count == 0, string.Join(Environment.NewLine, duringStart));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Not so within {timeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
        }
    }
}
