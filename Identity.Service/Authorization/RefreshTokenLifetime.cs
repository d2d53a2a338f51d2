namespace Identity.Service.Authorization;

/// <summary>
/// The lifetime of the refresh token issued by a code exchange or a refresh. Rotation slides it (a full
/// <see cref="TokenLifetimeOptions.RefreshTokenLifetime"/> at each use), but a family of refresh tokens ends
/// <see cref="TokenLifetimeOptions.RefreshTokenAbsoluteLifetime"/> after the sign-in that started it, however
/// often it was used: a stolen token cannot keep a session alive forever.
/// </summary>
internal static class RefreshTokenLifetime
{
    /// <summary>
    /// How long the new refresh token may live: the sliding lifetime, cut short at the family's absolute end;
    /// null when the family has ended (the user must sign in again).
    /// </summary>
    public static TimeSpan? ForNewToken(DateTimeOffset familyCreated, DateTimeOffset now, TokenLifetimeOptions lifetimes)
    {
        var remaining = familyCreated + lifetimes.RefreshTokenAbsoluteLifetime - now;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        return remaining < lifetimes.RefreshTokenLifetime ? remaining : lifetimes.RefreshTokenLifetime;
    }
}
