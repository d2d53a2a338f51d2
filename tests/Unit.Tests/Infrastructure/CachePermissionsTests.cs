using System.Text.RegularExpressions;
using AppHost.Infrastructure;
using ServiceDefaults.Caching;
using Orders.Service.Catalog;
using Users.Service.Users;

namespace Unit.Tests.Infrastructure;

/// <summary>
/// The Redis ACL rules of each service's cache user (AppHost/Infrastructure/CachePermissions.cs) against the names the
/// two-level cache really uses (ServiceDefaults/Caching/CacheNames.cs): a renamed cache or a new key shape must not be
/// refused at run time, and no service may touch another's entries.
/// </summary>
public sealed class CachePermissionsTests
{
    private static readonly CachePermissions Users = CachePermissions.OfServices["users"];
    private static readonly CachePermissions Orders = CachePermissions.OfServices["orders"];

    /// <summary>Redis glob matching, for the only wildcard the rules use ('*').</summary>
    private static bool Matches(IEnumerable<string> patterns, string name) =>
        patterns.Any(p => Regex.IsMatch(name, "^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal) + "$"));

    [Fact]
    public void The_users_rule_is_this_exact_line()
    {
        Assert.Equal(
            "user users reset on >s3cret ~users:v1:* &users:v1:invalidated &users:v1:invalidated:acks:* "
            + "+get +set +setex +del +unlink +publish +subscribe +ping +echo +client|id +client|setname +info +cluster|nodes +quit",
            Users.ConfigLine("users", "s3cret"));
    }

    [Fact]
    public void Each_service_may_use_the_keys_and_channels_of_its_own_cache()
    {
        foreach (var (permissions, cache) in new[] { (Users, UserProfiles.CacheName), (Orders, ProductCatalog.CacheName) })
        {
            Assert.True(Matches(permissions.KeyPatterns, CacheNames.Key(cache, "0192f7d4-5e6b-7c8d-9e0f-a1b2c3d4e5f6")), cache);
            Assert.True(Matches(permissions.KeyPatterns, CacheNames.Key(cache, "key:with:colons")), cache);
            Assert.True(Matches(permissions.ChannelPatterns, CacheNames.InvalidationChannel(cache)), cache);
            Assert.True(Matches(permissions.ChannelPatterns, CacheNames.AcknowledgementChannel(cache, Guid.NewGuid().ToString("N"))), cache);
        }
    }

    [Fact]
    public void No_service_may_touch_another_s_entries_or_channels_or_any_other_key()
    {
        Assert.False(Matches(Users.KeyPatterns, CacheNames.Key(ProductCatalog.CacheName, "SKU-1")));
        Assert.False(Matches(Orders.KeyPatterns, CacheNames.Key(UserProfiles.CacheName, "id")));
        Assert.False(Matches(Users.ChannelPatterns, CacheNames.InvalidationChannel(ProductCatalog.CacheName)));
        Assert.False(Matches(Orders.ChannelPatterns, CacheNames.AcknowledgementChannel(UserProfiles.CacheName, "x")));
        foreach (var other in new[] { "users", "users:v2:id", "session:abc", "__Booksleeve_TieBreak" })
        {
            Assert.False(Matches(Users.KeyPatterns, other), other);
        }

        Assert.False(Matches(Users.ChannelPatterns, "__Booksleeve_MasterChanged"));
        Assert.False(Matches(Users.ChannelPatterns, "users:v1:invalidatedx"));
    }

    [Fact]
    public void The_rules_start_from_nothing_and_grant_single_commands_never_a_category_or_an_admin_command()
    {
        var rules = Users.RulesWith("p");

        Assert.Equal(["reset", "on", ">p"], rules.Take(3));
        var commands = rules.Where(r => r.StartsWith('+')).ToList();
        Assert.DoesNotContain(commands, c => c.StartsWith("+@", StringComparison.Ordinal));
        foreach (var forbidden in new[] { "+flushall", "+flushdb", "+keys", "+scan", "+config", "+acl", "+client", "+eval", "+debug", "+shutdown", "+monitor" })
        {
            Assert.DoesNotContain(forbidden, commands);
        }

        Assert.DoesNotContain(rules, r => r is "allkeys" or "allchannels" or "allcommands" or "nopass" || r.StartsWith("~*", StringComparison.Ordinal));
    }
}
