using System.Diagnostics.Metrics;

namespace Users.Service.Users;

/// <summary>
/// Cache lookups by result (hit, miss, error, unavailable) and level (memory, redis), and invalidations some
/// instance did not confirm in time; meter "Backend.Users".
/// </summary>
public sealed class UserCacheMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _unconfirmed;

    public UserCacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Backend.Users");
        _lookups = meter.CreateCounter<long>("backend.users.cache.lookups", description: "User cache lookups by result and level");
        _unconfirmed = meter.CreateCounter<long>("backend.users.cache.unconfirmed_invalidations",
            description: "Invalidations of the in-memory level that some instance did not confirm in time");
    }

    public void Lookup(string result, string level) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("level", level));

    public void UnconfirmedInvalidation() => _unconfirmed.Add(1);
}
