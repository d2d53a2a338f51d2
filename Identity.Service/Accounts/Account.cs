using Microsoft.AspNetCore.Identity;

namespace Identity.Service.Accounts;

/// <summary>A person who can sign in. <see cref="IdentityUser{TKey}.Id"/> is the <c>sub</c> every service uses as the user id.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its owner was last told that someone tried to register with its address (at most one such email an hour).</summary>
    public DateTimeOffset? RegistrationNoticeSentAt { get; set; }

    /// <summary>An account whose address an operator vouches for (demo accounts, the first admin): no link to follow.</summary>
    public static Account Verified(string email, string displayName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = email,
        Email = email,
        DisplayName = displayName,
        EmailConfirmed = true,
        CreatedAt = now,
    };
}
