namespace Backend.Testing;

/// <summary>
/// Asserts that something does not happen: polls a condition for a whole window and fails at the first poll where
/// it does not hold. Only for a promise about a span of time ("no second wake-up comes", "stays down"); when an
/// event can be awaited instead (a message handled, a queue drained), wait for it with <see cref="Eventually"/>.
/// </summary>
public static class Consistently
{
    /// <summary>Polls <paramref name="condition"/> during <paramref name="window"/>; throws as soon as it is false.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan window, string because, TimeSpan? interval = null, CancellationToken ct = default) =>
        TrueAsync(() => Task.FromResult(condition()), window, because, interval, ct);

    /// <summary>Polls <paramref name="condition"/> during <paramref name="window"/>; throws as soon as it is false.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan window, string because, TimeSpan? interval = null, CancellationToken ct = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        do
        {
            if (!await condition())
            {
                throw new BackendAssertionException(
                    $"Stopped holding after {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s of {window.TotalSeconds:0.#} s: {because}.");
            }

            await Task.Delay(interval ?? Eventually.DefaultInterval, ct);
        }
        while (TimeProvider.System.GetElapsedTime(started) < window);

        if (!await condition())
        {
            throw new BackendAssertionException($"Stopped holding at the end of {window.TotalSeconds:0.#} s: {because}.");
        }
    }
}
