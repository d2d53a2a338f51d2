namespace AppHost.Infrastructure;

/// <summary>
/// What one service may do on Redis, as the rules of an ACL user (https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/):
/// the keys and the two channels of its own two-level caches (ServiceDefaults/Caching/CacheNames.cs), and only the
/// commands the cache and its client send. Nothing else: no other service's entries, no KEYS, SCAN, FLUSHALL or CONFIG.
/// </summary>
/// <remarks>
/// The commands, as MONITOR showed them for a cache's whole life (connect, miss, fill, write-through, delete, health
/// check, stop): GET, SET (the fill, with NX), SETEX (a write-through), UNLINK (a pending key's removal: KeyDelete on Redis 4+; DEL on an older or unknown server), PUBLISH and SUBSCRIBE (the
/// invalidations and their acknowledgements), PING (readiness), and what StackExchange.Redis asks when it connects:
/// ECHO (is the connection alive), CLIENT ID and SETNAME (not SETINFO: the cache turns it off), INFO (the server's version and
/// role), CLUSTER NODES (is it a cluster), QUIT. AUTH and HELLO need no permission.
/// </remarks>
public sealed record CachePermissions(IReadOnlyList<string> Caches)
{
    public static readonly IReadOnlyList<string> Commands =
    [
        "+get", "+set", "+setex", "+del", "+unlink", "+publish", "+subscribe", "+ping",
        "+echo", "+client|id", "+client|setname", "+info", "+cluster|nodes", "+quit",
    ];

    /// <summary>Each service's permissions, by service name: the caches it keeps (UserProfiles.CacheName; ProductCatalog.CacheName and CatalogPages.CacheName).</summary>
    public static readonly IReadOnlyDictionary<string, CachePermissions> OfServices = new Dictionary<string, CachePermissions>
    {
        ["users"] = new(["users"]),
        ["orders"] = new(["products", "catalog-pages"]),
    };

    /// <summary>Key patterns (Redis globs): each cache's entries, <c>{cache}:v1:*</c>.</summary>
    public IEnumerable<string> KeyPatterns => Caches.Select(cache => $"{cache}:v1:*");

    /// <summary>Channel patterns: each cache's invalidations and the acknowledgements of any of its writers.</summary>
    public IEnumerable<string> ChannelPatterns => Caches.SelectMany(cache => new[] { $"{cache}:v1:invalidated", $"{cache}:v1:invalidated:acks:*" });

    /// <summary>
    /// The user's rules after its password, from a clean slate ("reset": off, no password, no keys, channels or commands),
    /// so that the same rules applied to an existing user (ACL SETUSER) leave nothing of what it had.
    /// </summary>
    public IReadOnlyList<string> RulesWith(string password) =>
        ["reset", "on", $">{password}", .. KeyPatterns.Select(k => $"~{k}"), .. ChannelPatterns.Select(c => $"&{c}"), .. Commands];

    /// <summary>The redis.conf line that defines <paramref name="user"/>.</summary>
    public string ConfigLine(string user, string password) => $"user {user} {string.Join(' ', RulesWith(password))}";
}
