using System.Diagnostics.Metrics;

namespace ServiceDefaults.Caching;

/// <summary>
/// Cache lookups by cache, result (hit, miss, error, unavailable) and level (memory, redis), and invalidations
/// some instance did not confirm in time; meter "Backend.Caching".
/// </summary>
public sealed class CacheMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _unconfirmed;

    public CacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Backend.Caching");
        _lookups = meter.CreateCounter<long>("backend.cache.lookups", description: "Two-level cache lookups by cache, result and level");
        _unconfirmed = meter.CreateCounter<long>("backend.cache.unconfirmed_invalidations",
            description: "Invalidations of the in-memory level that some instance did not confirm in time");
    }

    public void Lookup(string cache, string result, string level) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", result),
            new KeyValuePair<string, object?>("level", level));

    public void UnconfirmedInvalidation(string cache) => _unconfirmed.Add(1, new KeyValuePair<string, object?>("cache", cache));
}
