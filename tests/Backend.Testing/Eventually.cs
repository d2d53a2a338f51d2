namespace Backend.Testing;

/// <summary>
/// Waits for something that will happen: polls a condition until it holds, or fails with a
/// <see cref="TimeoutException"/> naming what was awaited (and what was seen last) once the timeout has passed.
/// Use it instead of a sleep: a test waits exactly as long as the event takes, and says what it waited for.
/// </summary>
public static class Eventually
{
    /// <summary>How often a condition is polled unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> until it is true.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because, TimeSpan? interval = null, CancellationToken ct = default) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because, interval, ct);

    /// <summary>Polls <paramref name="condition"/> until it is true.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, TimeSpan? interval = null, CancellationToken ct = default) =>
        ValueAsync(condition, holds => holds, timeout, because, interval, ct);

    /// <summary>
    /// Polls <paramref name="condition"/> until it is true or <paramref name="timeout"/> has passed; returns whether it
    /// became true. For a wait that goes on either way (the caller reports what did not happen).
    /// </summary>
    public static async Task<bool> WithinAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null, CancellationToken ct = default) =>
        await WithinAsync(() => Task.FromResult(condition()), timeout, interval, ct);

    /// <summary>
    /// Polls <paramref name="condition"/> until it is true or <paramref name="timeout"/> has passed; returns whether it
    /// became true. For a wait that goes on either way (the caller reports what did not happen).
    /// </summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null, CancellationToken ct = default)
    {
        try
        {
            await ValueAsync(condition, holds => holds, timeout, "", interval, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="until"/> accepts what it returned; returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan timeout, string because, TimeSpan? interval = null,
        CancellationToken ct = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {because} (last seen: {Describe(value)}).");
            }

            await Task.Delay(interval ?? DefaultInterval, ct);
        }
    }

    internal static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => text.Length > 300 ? text[..300] + "…" : text,
        System.Collections.IEnumerable items and not string => $"[{string.Join(", ", items.Cast<object?>().Take(20))}]",
        _ => value.ToString() ?? "",
    };
}
