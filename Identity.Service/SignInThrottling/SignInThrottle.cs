using System.Net;
using System.Security.Cryptography;
using System.Text;
using Identity.Service.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Identity.Service.SignInThrottling;

/// <summary>
/// Slows password guessing without handing anyone a way to lock an account: failures only delay further password
/// attempts for that address from that client (and from that IP); they never touch the account, so its owner's
/// established sessions keep refreshing. Counted in identitydb, so every replica sees the same counts. Keyed by the
/// address as typed (normalised), whether or not it has an account: the throttle says nothing about which exist.
/// </summary>
public sealed class SignInThrottle(IdentityDb db, IOptions<SignInThrottleOptions> options, TimeProvider clock)
{
    /// <summary>The address as a hash: a fixed length whatever was typed, and no list of addresses in the table.</summary>
    public static string AccountKey(string email, string? clientId) =>
        $"account:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))}:{clientId ?? "-"}";

    public static string IpKey(IPAddress? ip) => $"ip:{ip?.ToString() ?? "-"}";

    /// <summary>Until when attempts for these keys must wait; null when they may go now.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(string accountKey, string ipKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entries = await db.SignInThrottles.AsNoTracking().Where(e => e.Key == accountKey || e.Key == ipKey).ToListAsync(ct);
        var blocked = entries.Select(e => RuleFor(e.Key, accountKey).BlockedUntil(e.Failures, e.LastFailureAt, now)).Max();
        return blocked;
    }

    public async Task RecordFailureAsync(string accountKey, string ipKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { accountKey, ipKey })
        {
            var windowStart = now - RuleFor(key, accountKey).Window;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO sign_in_throttles (key, failures, last_failure_at) VALUES ({key}, 1, {now})
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN sign_in_throttles.last_failure_at < {windowStart} THEN 1 ELSE sign_in_throttles.failures + 1 END,
                    last_failure_at = {now}
                """, ct);
        }
    }

    /// <summary>The right password from this client clears that address's count (not the IP's).</summary>
    public Task RecordSuccessAsync(string accountKey, CancellationToken ct) =>
        db.SignInThrottles.Where(e => e.Key == accountKey).ExecuteDeleteAsync(ct);

    private BackoffRule RuleFor(string key, string accountKey) =>
        key == accountKey ? options.Value.PerAccountAndClient : options.Value.PerIp;
}
