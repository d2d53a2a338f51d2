namespace Notifications.Worker.Tests.Support;

/// <summary>Waits for a condition the worker reports (its metrics, its ledger, the SMTP server), instead of sleeping and counting.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
