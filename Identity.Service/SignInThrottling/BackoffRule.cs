namespace Identity.Service.SignInThrottling;

/// <summary>
/// Exponential back-off after failed sign-ins: <see cref="FreeFailures"/> cost nothing; each one after that doubles the
/// wait before the next attempt is even checked, from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>. Failures
/// older than <see cref="Window"/> (since the last one) are forgotten.
/// </summary>
public sealed class BackoffRule
{
    public int FreeFailures { get; set; }

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Until when the next attempt waits, after <paramref name="failures"/> failures, the last at <paramref name="lastFailureAt"/>; null when it may go now.</summary>
    public DateTimeOffset? BlockedUntil(int failures, DateTimeOffset lastFailureAt, DateTimeOffset now)
    {
        if (failures <= FreeFailures || now - lastFailureAt >= Window)
        {
            return null;
        }

        var doublings = Math.Min(failures - FreeFailures - 1, 40);
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * Math.Pow(2, doublings), MaxDelay.Ticks));
        var until = lastFailureAt + delay;
        return until > now ? until : null;
    }
}
