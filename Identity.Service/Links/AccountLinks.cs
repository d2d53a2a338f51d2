using System.Security.Cryptography;
using System.Text;
using Identity.Service.Accounts;
using Identity.Service.Authorization;
using Identity.Service.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Identity.Service.Links;

/// <summary>Issues single-use, expiring links for an account, and consumes them (at most once, before they expire).</summary>
public sealed class AccountLinks(IdentityDb db, IOptions<AccountLinkOptions> options, IOptions<AuthorizationServerOptions> server, TimeProvider clock)
{
    public const string VerifyEmailPath = "/account/verify-email";
    public const string ResetPasswordPath = "/account/reset-password";
    public const string ConfirmEmailChangePath = "/account/confirm-email-change";

    /// <summary>
    /// Adds a new link to the unit of work (saved with it); its URL is on the public issuer, as the person's browser reaches it.
    /// It is sent to <paramref name="sentTo"/> (a new address to prove), by default the account's.
    /// </summary>
    public IssuedLink Issue(Account account, AccountLinkPurpose purpose, string? sentTo = null)
    {
        var now = clock.GetUtcNow();
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var link = new AccountLink
        {
            Id = Guid.CreateVersion7(now),
            AccountId = account.Id,
            Purpose = purpose,
            Email = sentTo ?? account.Email!,
            TokenHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + options.Value.LifetimeOf(purpose),
        };
        db.AccountLinks.Add(link);
        var path = purpose switch
        {
            AccountLinkPurpose.VerifyEmail => VerifyEmailPath,
            AccountLinkPurpose.ChangeEmail => ConfirmEmailChangePath,
            _ => ResetPasswordPath,
        };
        var url = new Uri(server.Value.Issuer!, QueryHelpers.AddQueryString(path.TrimStart('/'), new Dictionary<string, string?> { ["link"] = link.Id.ToString(), ["token"] = secret }));
        return new IssuedLink(link.Id, url, link.ExpiresAt);
    }

    /// <summary>The link, if <paramref name="secret"/> is its secret and it is still usable now; nothing is changed.</summary>
    public async Task<AccountLink?> FindUsableAsync(Guid id, string? secret, AccountLinkPurpose purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }

        var link = await db.AccountLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id && l.Purpose == purpose, ct);
        return link is not null && CryptographicOperations.FixedTimeEquals(link.TokenHash, Hash(secret)) && link.IsUsableAt(clock.GetUtcNow())
            ? link
            : null;
    }

    /// <summary>
    /// Marks the link used, in the caller's unit of work; null when it is not usable (wrong secret, expired, or used,
    /// including by a concurrent request: the conditional UPDATE lets exactly one of them through).
    /// </summary>
    public async Task<AccountLink?> ConsumeAsync(Guid id, string? secret, AccountLinkPurpose purpose, CancellationToken ct)
    {
        if (await FindUsableAsync(id, secret, purpose, ct) is not { } link)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var consumed = await db.AccountLinks.Where(l => l.Id == id && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), ct);
        return consumed == 1 ? link : null;
    }

    /// <summary>Every other unused link of that purpose stops working (a reset makes earlier reset emails useless).</summary>
    public Task RetireAllAsync(Guid accountId, AccountLinkPurpose purpose, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.AccountLinks.Where(l => l.AccountId == accountId && l.Purpose == purpose && l.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), ct);
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
