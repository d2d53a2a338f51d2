namespace ServiceDefaults.Caching;

/// <summary>
/// The Redis names one two-level cache uses: its keys and its two channels. The AppHost's ACL for each service's Redis
/// user (AppHost/Infrastructure/CachePermissions.cs) allows exactly these shapes, and a unit test holds the two together.
/// </summary>
public static class CacheNames
{
    /// <summary>An entry's key: <c>{cache}:v1:{key}</c>.</summary>
    public static string Key(string cache, string key) => $"{cache}:v1:{key}";

    /// <summary>The channel a writer publishes the invalidated keys on.</summary>
    public static string InvalidationChannel(string cache) => $"{cache}:v1:invalidated";

    /// <summary>The channel on which the other instances acknowledge one writer's invalidations.</summary>
    public static string AcknowledgementChannel(string cache, string instance) => $"{InvalidationChannel(cache)}:acks:{instance}";
}
