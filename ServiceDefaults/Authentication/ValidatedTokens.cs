using System.Collections.Concurrent;
using System.Security.Claims;

namespace ServiceDefaults.Authentication;

/// <summary>The Authorization headers whose bearer token passed validation in this application, until the token expires.</summary>
internal sealed class ValidatedTokens(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string authorization, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(authorization, out var entry) && entry.Until > clock.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }

        principal = null!;
        return false;
    }

    public void Add(string authorization, ClaimsPrincipal principal)
    {
        var now = clock.GetUtcNow();
        if (principal.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, out var seconds))
        {
            return; // no expiry to bound the entry by: not remembered
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        if (until <= now)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            Evict(now);
        }

        _entries[authorization] = (principal.Clone(), until);
    }

    /// <summary>Drops expired entries; if that is not enough (more live tokens than the capacity), starts over.</summary>
    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
    }
}
